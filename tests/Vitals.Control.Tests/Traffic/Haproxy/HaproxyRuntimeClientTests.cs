using Vitals.Control.Traffic.Haproxy;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>The client against Debian's real HAProxy on loopback: batches, state changes read back, errors.</summary>
public sealed class HaproxyRuntimeClientTests
{
    [Fact]
    public async Task ShowVersion_Real_ParsedAndDynamicServersKnown()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        var version = await sut.ShowVersionAsync(TestContext.Current.CancellationToken);

        Assert.True(version >= new HaproxyVersion(2, 6, 0, "2.6"), version.Text);
        Assert.True(version.SupportsDynamicServers);
    }

    [Fact]
    public async Task ExecuteBatch_MixedCommands_EachAnswerInOrder()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        var answers = await sut.ExecuteBatchAsync(
        [
            "show version",
            "set server web/s1 weight 7",
            "set server web/nope weight 7",
            "set server nope/s1 weight 7",
            "set server web/s3 weight 300",
            "show servers state web",
        ], TestContext.Current.CancellationToken);

        Assert.Equal(6, answers.Count);
        Assert.StartsWith("2.", answers[0], StringComparison.Ordinal);
        Assert.Equal(string.Empty, answers[1]);
        Assert.Equal("No such server.", answers[2]);
        Assert.Equal("No such backend.", answers[3]);
        Assert.Equal("Absolute weight can only be between 0 and 256 inclusive.", answers[4]);
        Assert.StartsWith("1\n# be_id be_name", answers[5], StringComparison.Ordinal);
        Assert.Contains("\n2 web 1 s1 127.0.0.1 2 0 7 1 ", answers[5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_RawCommandWithSeparator_RefusedBeforeConnecting()
    {
        var sut = new HaproxyRuntimeClient(HaproxyEndpoint.Unix("/nonexistent/admin.sock"));

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => sut.ExecuteAsync("show info;show stat", TestContext.Current.CancellationToken));

        Assert.Contains("command 1: the command contains ';'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowServersState_Real_EveryServerWithItsConfiguration()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        await RealHaproxy.PollStateAsync(sut, "web", "s2", s => s.CheckResult == HaproxyCheckResult.Passed, TimeSpan.FromSeconds(5));

        var states = await sut.ShowServersStateAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(["s1", "s2", "s3"], states.Select(s => s.ServerName));
        Assert.All(states, s => Assert.Equal("web", s.BackendName));
        Assert.All(states, s => Assert.Equal(HaproxyOperationalState.Running, s.OperationalState));
        Assert.All(states, s => Assert.Equal(HaproxyAdminFlags.None, s.AdminState));
        Assert.Equal([1, 1, 50], states.Select(s => s.UserWeight));
        Assert.Equal([1, listener.Port(), 3], states.Select(s => s.Port));
        Assert.Equal([false, true, false], states.Select(s => s.HasCheck));
        Assert.Equal(HaproxyCheckFlags.Configured | HaproxyCheckFlags.Enabled, states[1].CheckState & ~HaproxyCheckFlags.InProgress);
        Assert.All(states, s => Assert.Equal("127.0.0.1", s.Address));
    }

    [Fact]
    public async Task SetHealthDown_ServerWithoutCheck_GoesDownAndStaysDown()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        await sut.SetHealthAsync("web", "s1", HaproxyHealth.Down, TestContext.Current.CancellationToken);
        var right = await RealHaproxy.StateAsync(sut, "web", "s1");
        // Ten check intervals of s2 (100 ms): nothing in HAProxy brings s1 back.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var later = await RealHaproxy.StateAsync(sut, "web", "s1");
        await sut.SetHealthAsync("web", "s1", HaproxyHealth.Up, TestContext.Current.CancellationToken);
        var up = await RealHaproxy.StateAsync(sut, "web", "s1");

        Assert.Equal(HaproxyOperationalState.Stopped, right.OperationalState);
        Assert.Equal(HaproxyAdminFlags.None, right.AdminState);
        Assert.Equal(HaproxyOperationalState.Stopped, later.OperationalState);
        Assert.Equal(HaproxyOperationalState.Running, up.OperationalState);
        Assert.Contains("Server web/s1 is DOWN, changed from CLI", haproxy.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetHealthDown_ServerWithPassingCheck_HaproxysCheckBringsItBack()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        await RealHaproxy.PollStateAsync(sut, "web", "s2", s => s.CheckResult == HaproxyCheckResult.Passed, TimeSpan.FromSeconds(5));

        await sut.SetHealthAsync("web", "s2", HaproxyHealth.Down, TestContext.Current.CancellationToken);
        var right = await RealHaproxy.StateAsync(sut, "web", "s2");
        var later = await RealHaproxy.PollStateAsync(sut, "web", "s2", s => s.IsUp, TimeSpan.FromSeconds(5));

        Assert.Equal(HaproxyOperationalState.Stopped, right.OperationalState);
        Assert.Equal(HaproxyOperationalState.Running, later.OperationalState);
        Assert.Contains("Server web/s2 is UP, reason: Layer4 check passed", haproxy.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetStateAndWeight_ReadBack_AsHaproxyReportsThem()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);
        var ct = TestContext.Current.CancellationToken;

        await sut.SetStateAsync("web", "s1", HaproxyAdminState.Drain, ct);
        await sut.SetStateAsync("web", "s2", HaproxyAdminState.Maint, ct);
        await sut.SetWeightAsync("web", "s3", 20, ct);
        var drained = await RealHaproxy.StateAsync(sut, "web", "s1");
        var maint = await RealHaproxy.StateAsync(sut, "web", "s2");
        var weighted = await RealHaproxy.StateAsync(sut, "web", "s3");
        await sut.SetWeightPercentAsync("web", "s3", 10, ct);
        var percent = await RealHaproxy.StateAsync(sut, "web", "s3");
        await sut.SetStateAsync("web", "s1", HaproxyAdminState.Ready, ct);
        await sut.SetStateAsync("web", "s2", HaproxyAdminState.Ready, ct);
        var ready = await RealHaproxy.StateAsync(sut, "web", "s1");
        var back = await RealHaproxy.PollStateAsync(sut, "web", "s2", s => s.IsUp, TimeSpan.FromSeconds(5));

        Assert.Equal((HaproxyAdminFlags.ForcedDrain, HaproxyOperationalState.Running), (drained.AdminState, drained.OperationalState));
        Assert.True(drained.IsDrain);
        Assert.Equal((HaproxyAdminFlags.ForcedMaint, HaproxyOperationalState.Stopped), (maint.AdminState, maint.OperationalState));
        Assert.True(maint.IsMaint);
        Assert.True((maint.CheckState & HaproxyCheckFlags.Paused) != 0, $"checks paused in maintenance: {maint.CheckState}");
        Assert.Equal((20, 50), (weighted.UserWeight, weighted.InitialWeight));
        Assert.Equal(5, percent.UserWeight);
        Assert.Equal(HaproxyAdminFlags.None, ready.AdminState);
        Assert.Equal((HaproxyAdminFlags.None, HaproxyOperationalState.Running), (back.AdminState, back.OperationalState));
    }

    [Fact]
    public async Task SetAgent_ServerWithoutAgent_RuntimeErrorWithHaproxysMessage()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        var ex = await Assert.ThrowsAsync<HaproxyRuntimeException>(
            () => sut.SetAgentAsync("web", "s1", up: false, TestContext.Current.CancellationToken));

        Assert.Equal("set server web/s1 agent down", ex.Command);
        Assert.Equal("agent checks are not enabled on this server.", ex.HaproxyMessage);
        Assert.False(ex.IsNotFound);
    }

    [Theory]
    [InlineData("web", "nope", "No such server.")]
    [InlineData("nope", "s1", "No such backend.")]
    public async Task SetHealth_UnknownBackendOrServer_NotFound(string backend, string server, string message)
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        var ex = await Assert.ThrowsAsync<HaproxyRuntimeException>(
            () => sut.SetHealthAsync(backend, server, HaproxyHealth.Down, TestContext.Current.CancellationToken));

        Assert.Equal(message, ex.HaproxyMessage);
        Assert.True(ex.IsNotFound);
        Assert.Contains($"HAProxy refused 'set server {backend}/{server} health down': {message}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowServersState_UnknownBackend_RuntimeError()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        var ex = await Assert.ThrowsAsync<HaproxyRuntimeException>(
            () => sut.ShowServersStateAsync("nope", TestContext.Current.CancellationToken));

        Assert.Equal("Can't find backend.", ex.HaproxyMessage);
    }

    [Fact]
    public async Task Run_TypedBatch_FailuresReportedPerCommandNotThrown()
    {
        using var listener = RealHaproxy.Listener();
        await using var haproxy = await RealHaproxy.StartAsync(RealHaproxy.Web(listener.Port()));
        var sut = RealHaproxy.Client(haproxy);

        var results = await sut.RunAsync(
        [
            HaproxyCommand.SetState("web", "s1", HaproxyAdminState.Drain),
            HaproxyCommand.SetState("web", "gone", HaproxyAdminState.Drain),
            HaproxyCommand.SetWeight("web", "s3", 9),
        ], TestContext.Current.CancellationToken);

        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Equal("No such server.", results[1].Answer);
        Assert.Throws<HaproxyRuntimeException>(results[1].ThrowIfFailed);
        Assert.True((await RealHaproxy.StateAsync(sut, "web", "s1")).IsDrain);
        Assert.Equal(9, (await RealHaproxy.StateAsync(sut, "web", "s3")).UserWeight);
    }
}
