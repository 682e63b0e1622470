using Vitals.Core.Probing;
using Vitals.Core.Traffic;
using Vitals.Core.Traffic.Haproxy;

namespace Vitals.Core.Tests.Traffic.Haproxy;

public sealed class HaproxyPlannerTests
{
    private const int Running = 2;
    private const int Stopped = 0;

    private static HaproxyServer Server(string name, int op = Running, int admin = 0, int weight = 1, bool ownCheck = false,
        string backend = "be", string address = "10.0.0.1", int port = 80) =>
        new(backend, name, address, port, op, admin, weight, ownCheck ? HaproxyServer.CheckEnabled : 0, 0);

    private static HaproxyTarget Target(RotationState state, int weight = 1, string id = "mbr-1", string[]? names = null,
        string address = "10.0.0.1", int port = 80, bool setWeight = true) =>
        new(id, "be", names ?? ["web-1", id], address, port, new Rotation(state, state == RotationState.Ready ? weight : 0,
            state == RotationState.Down ? ReasonCode.ConnectFailed : ReasonCode.None, KeptByPanic: false), setWeight);

    private static HaproxyAction[] Actions(HaproxyPlan plan) => [.. plan.Changes.Select(c => c.Action)];

    [Theory]
    [InlineData(RotationState.Ready, Running, 0, new HaproxyAction[0])]
    [InlineData(RotationState.Ready, Stopped, 0, new[] { HaproxyAction.HealthUp })]
    [InlineData(RotationState.Ready, Stopped, HaproxyAdmin.ForcedMaint, new[] { HaproxyAction.StateReady, HaproxyAction.HealthUp })]
    [InlineData(RotationState.Ready, Running, HaproxyAdmin.ForcedDrain, new[] { HaproxyAction.StateReady })]
    [InlineData(RotationState.Down, Running, 0, new[] { HaproxyAction.HealthDown })]
    [InlineData(RotationState.Down, Stopped, 0, new HaproxyAction[0])]
    [InlineData(RotationState.Down, Stopped, HaproxyAdmin.ForcedMaint, new[] { HaproxyAction.StateReady, HaproxyAction.HealthDown })]
    [InlineData(RotationState.Drain, Running, 0, new[] { HaproxyAction.StateDrain })]
    [InlineData(RotationState.Drain, Running, HaproxyAdmin.ForcedDrain, new HaproxyAction[0])]
    [InlineData(RotationState.Drain, Running, HaproxyAdmin.ForcedMaint | HaproxyAdmin.ForcedDrain, new[] { HaproxyAction.StateDrain })]
    [InlineData(RotationState.Maint, Running, 0, new[] { HaproxyAction.StateMaint })]
    [InlineData(RotationState.Maint, Stopped, HaproxyAdmin.ForcedMaint, new HaproxyAction[0])]
    [InlineData(RotationState.Unknown, Stopped, HaproxyAdmin.ForcedMaint, new HaproxyAction[0])]
    public void Plan_EachRotationAgainstEachState_SendsOnlyWhatIsNeeded(RotationState state, int op, int admin, HaproxyAction[] expected)
    {
        var plan = HaproxyPlanner.Plan([Target(state)], [Server("web-1", op, admin)], manageServers: false);

        Assert.Equal(expected, Actions(plan));
        Assert.Equal(1, plan.Matched);
        Assert.Equal(expected.Length > 0 ? 1 : 0, plan.Pending);
        Assert.Equal(expected.Length == 0, plan.Converged);
        Assert.All(plan.Changes, c => Assert.Equal(("be", "web-1"), (c.Backend, c.Server)));
    }

    [Fact]
    public void Plan_ReadyWithAnotherWeight_SetsTheWeightUnlessTheAlgorithmIsStatic()
    {
        var dynamic = HaproxyPlanner.Plan([Target(RotationState.Ready, weight: 40)], [Server("web-1", weight: 1)], false);
        var fixedWeights = HaproxyPlanner.Plan([Target(RotationState.Ready, weight: 40, setWeight: false)], [Server("web-1", weight: 1)], false);

        var command = Assert.Single(dynamic.Changes);
        Assert.Equal((HaproxyAction.Weight, 40), (command.Action, command.Weight));
        Assert.Empty(fixedWeights.Changes);
    }

    [Fact]
    public void Plan_ServerWithItsOwnCheck_DownBecomesMaintAndIsReportedUnmanageable()
    {
        var down = HaproxyPlanner.Plan([Target(RotationState.Down)], [Server("web-1", ownCheck: true)], false);
        var readyButCheckSaysDown = HaproxyPlanner.Plan([Target(RotationState.Ready)], [Server("web-1", op: Stopped, ownCheck: true)], false);

        Assert.Equal([HaproxyAction.StateMaint], Actions(down));
        Assert.Equal(["mbr-1"], down.Unmanageable);
        Assert.Empty(readyButCheckSaysDown.Changes);
        Assert.Equal(["mbr-1"], readyButCheckSaysDown.Unmanageable);
    }

    [Fact]
    public void Plan_FindsByIdThenByAddressAndPort()
    {
        var byId = HaproxyPlanner.Plan([Target(RotationState.Down, names: ["other-name", "mbr-1"])], [Server("mbr-1")], false);
        var byEndpoint = HaproxyPlanner.Plan([Target(RotationState.Down, names: ["x"], address: "10.0.0.9", port: 8080)],
            [Server("srv3", address: "10.0.0.9", port: 8080)], false);
        var ambiguous = HaproxyPlanner.Plan([Target(RotationState.Down, names: ["x"], address: "10.0.0.9", port: 8080)],
            [Server("a", address: "10.0.0.9", port: 8080), Server("b", address: "10.0.0.9", port: 8080)], false);

        Assert.Equal("mbr-1", Assert.Single(byId.Changes).Server);
        Assert.Equal("srv3", Assert.Single(byEndpoint.Changes).Server);
        Assert.Equal(["mbr-1"], ambiguous.Missing);
        Assert.Empty(ambiguous.Changes);
    }

    [Fact]
    public void Plan_ManagedServers_AddsTheMissingAndDeletesOnlyOrphansNamedLikeMembers()
    {
        var servers = new[] { Server("web-1"), Server("mbr-gone", address: "10.0.0.7"), Server("static-2", address: "10.0.0.8") };
        var targets = new[] { Target(RotationState.Ready), Target(RotationState.Ready, weight: 5, id: "mbr-new", names: ["mbr-new"], address: "10.0.0.5", port: 81) };

        var plan = HaproxyPlanner.Plan(targets, servers, manageServers: true);
        var unmanaged = HaproxyPlanner.Plan(targets, servers, manageServers: false);

        Assert.Equal(
            [(HaproxyAction.Add, "mbr-new"), (HaproxyAction.StateReady, "mbr-new"), (HaproxyAction.HealthUp, "mbr-new"),
             (HaproxyAction.Delete, "mbr-gone")],
            plan.Changes.Select(c => (c.Action, c.Server)));
        var add = plan.Changes[0];
        Assert.Equal(("10.0.0.5", 81, 5), (add.Address, add.Port, add.Weight));
        Assert.Equal(["mbr-new"], plan.Missing);
        Assert.Empty(unmanaged.Changes);
        Assert.Equal(["mbr-new"], unmanaged.Missing);
        Assert.False(unmanaged.Converged);
    }

    [Fact]
    public void Plan_ServersOfOtherBackends_AreNeverTouched()
    {
        var plan = HaproxyPlanner.Plan([Target(RotationState.Ready)], [Server("web-1"), Server("mbr-x", backend: "other")], manageServers: true);

        Assert.True(plan.Converged);
    }
}
