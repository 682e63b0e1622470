using System.Diagnostics;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;

namespace Vitals.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task SaveMemberHealth_Twice_KeepsOnlyTheLatestWithEveryField()
    {
        var (project, member) = await NewMemberInProjectAsync();
        var last = ProbeResult.Fail(ReasonCode.HttpCodeNotMatch, CheckCode.L7Sts, new ProbeTimings(1200, -1, 3400, 3500), Start.AddSeconds(5),
            statusCode: 503, content: "HTTP/1.1 503 Service Unavailable\r\n", detail: "Service Unavailable");

        Assert.True(await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Healthy, Start, null), Ct));
        Assert.True(await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Unhealthy, Start.AddSeconds(5), last), Ct));

        var expected = new MemberHealth(member.Id, HealthState.Unhealthy, Start.AddSeconds(5), last);
        Assert.Equal([expected], await Sut.LoadMemberHealthAsync(Ct));
        Assert.Equal(expected, await Sut.GetMemberHealthAsync(project.Id, member.Id, Ct));
    }

    [Fact]
    public async Task SaveMemberHealth_NoLastResultAndPass_RoundTrip()
    {
        var (project, member) = await NewMemberInProjectAsync();
        var pass = ProbeResult.Pass(CheckCode.L4Ok, new ProbeTimings(80, -1, -1, 90), Start);

        await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Initial, Start, null), Ct);
        Assert.Equal(new MemberHealth(member.Id, HealthState.Initial, Start, null), await Sut.GetMemberHealthAsync(project.Id, member.Id, Ct));

        await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Healthy, Start, pass), Ct);
        Assert.Equal(new MemberHealth(member.Id, HealthState.Healthy, Start, pass), await Sut.GetMemberHealthAsync(project.Id, member.Id, Ct));
    }

    [Fact]
    public async Task SaveMemberHealth_LongContent_CappedAndUnknownMemberWritesNothing()
    {
        var (project, member) = await NewMemberInProjectAsync();
        var last = ProbeResult.Fail(ReasonCode.HttpCodeNotMatch, CheckCode.L7Sts, ProbeTimings.None, Start, content: new string('x', 2000));

        Assert.True(await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Unhealthy, Start, last), Ct));
        Assert.False(await Sut.SaveMemberHealthAsync(new MemberHealth("mbr-missing", HealthState.Healthy, Start, null), Ct));

        var stored = await Sut.GetMemberHealthAsync(project.Id, member.Id, Ct);
        Assert.Equal(ProbeResult.MaxContentBytes, stored!.Last!.Value.Content!.Length);
        Assert.Single(await Sut.LoadMemberHealthAsync(Ct));
    }

    [Fact]
    public async Task AppendTransition_ListsNewestFirstWithEvidenceSummarised()
    {
        var (project, member) = await NewMemberInProjectAsync();
        var evidence = new ProbeResult[12];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = ProbeResult.Fail(ReasonCode.ConnectTimeout, CheckCode.L4Tout, new ProbeTimings(-1, -1, -1, 3_000_000 + i),
                Start.AddSeconds(i), content: new string('c', 300), detail: $"try {i}");
        }

        var down = new HealthTransition(HealthState.Healthy, HealthState.Unhealthy, Start.AddSeconds(12), TransitionCause.Checks,
            ReasonCode.ConnectTimeout, evidence);
        var unused = new HealthTransition(HealthState.Unhealthy, HealthState.Unused, Start.AddSeconds(20), TransitionCause.Weight, ReasonCode.None, []);

        Assert.True(await Sut.AppendTransitionAsync(member.Id, down, Ct));
        Assert.True(await Sut.AppendTransitionAsync(member.Id, unused, Ct));
        Assert.False(await Sut.AppendTransitionAsync("mbr-missing", unused, Ct));

        var listed = Ok(await Sut.ListTransitionsAsync(project.Id, member.Id, 10, Ct));
        Assert.Equal(2, listed.Count);
        Assert.True(listed[0].NumericId > listed[1].NumericId);
        Assert.Equal(member.Id, listed[0].MemberId);
        Assert.Equal(unused with { Evidence = [] }, listed[0].Transition with { Evidence = [] });
        Assert.Empty(listed[0].Transition.Evidence);
        var stored = listed[1].Transition;
        Assert.Equal(down with { Evidence = [] }, stored with { Evidence = [] });
        Assert.Equal(StoredTransition.MaxEvidenceResults, stored.Evidence.Count);
        for (var i = 0; i < stored.Evidence.Count; i++)
        {
            var original = evidence[i + 2];
            Assert.Equal(original with { Content = original.Content![..StoredTransition.MaxEvidenceContentChars] }, stored.Evidence[i]);
        }

        var newest = Assert.Single(Ok(await Sut.ListTransitionsAsync(project.Id, member.Id, 1, Ct)));
        Assert.Equal(listed[0].NumericId, newest.NumericId);
        Assert.Equal(unused with { Evidence = [] }, newest.Transition with { Evidence = [] });
    }

    [Fact]
    public async Task DeleteMember_DropsItsHealthAndTransitions()
    {
        var (project, member) = await NewMemberInProjectAsync();
        await Sut.SaveMemberHealthAsync(new MemberHealth(member.Id, HealthState.Healthy, Start, null), Ct);
        await Sut.AppendTransitionAsync(member.Id,
            new HealthTransition(HealthState.Initial, HealthState.Healthy, Start, TransitionCause.Checks, ReasonCode.None, []), Ct);

        Ok(await Sut.DeleteMemberAsync(project.Id, member.Id, Ct));
        var again = await Sut.CreateMemberAsync(member with { Id = member.Id }, Ct);

        Assert.Empty(await Sut.LoadMemberHealthAsync(Ct));
        Assert.Empty(Ok(await Sut.ListTransitionsAsync(project.Id, Ok(again).Id, 10, Ct)));
    }

    [Fact]
    public async Task SaveHealthBatch_TenThousandMembers_OneCallWritesAllAndSkipsDeletedMembers()
    {
        const int count = 10_000;
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        var members = new List<Member>(count);
        for (var i = 0; i < count; i++)
        {
            members.Add(await NewMemberAsync(pool, $"10.{i / 65536}.{i / 256 % 256}.{i % 256}"));
        }

        Ok(await Sut.DeleteMemberAsync(project.Id, members[^1].Id, Ct));
        var states = new List<MemberHealth>(count);
        var transitions = new List<MemberTransition>(count);
        foreach (var member in members)
        {
            var result = ProbeResult.Pass(CheckCode.L7Ok, new ProbeTimings(100, -1, 200, 250), Start, statusCode: 200);
            states.Add(new MemberHealth(member.Id, HealthState.Healthy, Start, result));
            transitions.Add(new MemberTransition(member.Id,
                new HealthTransition(HealthState.Initial, HealthState.Healthy, Start, TransitionCause.Checks, ReasonCode.None, [result, result, result])));
        }

        var clock = Stopwatch.StartNew();
        var (written, appended) = await Sut.SaveHealthBatchAsync(states, transitions, Ct);
        var elapsed = clock.Elapsed;

        Assert.Equal(count - 1, written);
        Assert.Equal(count - 1, appended);
        var loaded = await Sut.LoadMemberHealthAsync(Ct);
        Assert.Equal(count - 1, loaded.Count);
        Assert.All(loaded, h => Assert.Equal(HealthState.Healthy, h.State));
        Assert.Single(Ok(await Sut.ListTransitionsAsync(project.Id, members[5000].Id, 10, Ct)));
        Assert.Equal(members[..^1], (await Sut.LoadAllAsync(Ct)).Members);
        // A loose bound: one transaction for 20k rows takes well under a second; 10k transactions would not fit.
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"batch took {elapsed}");
    }

    private async Task<(Project Project, Member Member)> NewMemberInProjectAsync()
    {
        var project = await NewProjectAsync();
        var pool = await NewPoolAsync(await NewLoadBalancerAsync(project));
        return (project, await NewMemberAsync(pool, "10.0.0.1"));
    }
}
