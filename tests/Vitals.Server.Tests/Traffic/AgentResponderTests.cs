using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vitals.Control.Fleet;
using Vitals.Control.Traffic;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Server.Tests.Support;
using Vitals.Storage;

namespace Vitals.Server.Tests.Traffic;

/// <summary>
/// The agent-check responder of a real server (<c>AgentListen = 127.0.0.1:0</c>) over raw sockets, with real checks against
/// loopback backends: the line for each rotation, and how it copes with what HAProxy (or anyone) may send.
/// </summary>
public sealed class AgentResponderTests
{
    [Fact]
    public async Task Agent_EachRotation_AnswersItsLine()
    {
        await using var ok = FleetBackends.Ok();
        await using var error = FleetBackends.Error500();
        await using var ok2 = FleetBackends.Ok();
        await using var ok3 = FleetBackends.Ok();
        await using var server = await StartAsync();
        var fleet = await FleetAsync(server);
        var lb = await fleet.LoadBalancerAsync();
        var pool = await fleet.PoolAsync(lb);
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var healthy = await fleet.MemberAsync(pool, ok.Port, weight: 40);
        var failing = await fleet.MemberAsync(pool, error.Port);
        var drained = await fleet.MemberAsync(pool, ok2.Port, weight: 0);
        var off = await fleet.UpdateMemberAsync(await fleet.MemberAsync(pool, ok3.Port) with { AdminStateUp = false });
        var agent = AgentOf(server);

        var up = await AgentClient.UntilAsync(agent, healthy.Id, static line => line.StartsWith("up", StringComparison.Ordinal));
        var down = await AgentClient.UntilAsync(agent, failing.Id, static line => line.StartsWith("down", StringComparison.Ordinal));
        var drain = await AgentClient.AskAsync(agent, drained.Id + "\n");
        var maint = await AgentClient.AskAsync(agent, off.Id + "\n");

        Assert.Equal("up ready 40%\n", up);
        Assert.StartsWith("down ready #HTTP_CODE_NOT_MATCH ", down, StringComparison.Ordinal);
        Assert.Contains("Internal Server Error", down, StringComparison.Ordinal); // the failed check's detail
        Assert.Equal(down.Length - 1, down.IndexOf('\n', StringComparison.Ordinal));
        Assert.Equal("drain\n", drain);
        Assert.Equal("maint\n", maint);
    }

    [Fact]
    public async Task Agent_PoolSwitchedOff_EveryMemberMaint()
    {
        await using var ok = FleetBackends.Ok();
        await using var server = await StartAsync();
        var fleet = await FleetAsync(server);
        var lb = await fleet.LoadBalancerAsync();
        var store = server.Services.GetRequiredService<IStore>();
        var created = await store.CreateServerGroupAsync(new ServerGroup
        {
            Id = "", NumericId = 0, ProjectId = fleet.ProjectId, Name = "off", LoadBalancerId = lb.Id, Protocol = PoolProtocol.Http,
            AdminStateUp = false,
        }, TestContext.Current.CancellationToken);
        Assert.True(created.IsOk, created.ToString());
        server.Services.GetRequiredService<IFleetObserver>().OnUpserted(created.Value!);
        await fleet.MonitorAsync(created.Value!, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(created.Value!, ok.Port);

        Assert.Equal("maint\n", await AgentClient.AskAsync(AgentOf(server), member.Id + "\n"));
    }

    [Fact]
    public async Task Agent_NoVerdictYet_UnknownId_OrNoRequest_AnswersLinesThatChangeNothing()
    {
        await using var ok = FleetBackends.Ok();
        await using var server = await StartAsync();
        var fleet = await FleetAsync(server);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        // Rise and fall 10 at one check a second: Initial for nine seconds at least.
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http, rise: 10, fall: 10));
        var fresh = await fleet.MemberAsync(pool, ok.Port);
        var agent = AgentOf(server);

        var initial = await AgentClient.AskAsync(agent, fresh.Id + "\n");
        var unknown = await AgentClient.AskAsync(agent, "no-such-member\n");
        var crlf = await AgentClient.AskAsync(agent, fresh.Id + "\r\n");
        var silent = Stopwatch.StartNew();
        var none = await AgentClient.AskAsync(agent, null);
        var waited = silent.Elapsed;

        Assert.Equal("\n", initial);
        Assert.Equal("unknown-member\n", unknown);
        Assert.Equal("\n", crlf);
        Assert.Equal("\n", none);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2)); // the read timeout (200 ms), not forever
    }

    [Fact]
    public async Task Agent_BadRequests_AreRefusedAndTheResponderGoesOn()
    {
        await using var ok = FleetBackends.Ok();
        await using var server = await StartAsync();
        var fleet = await FleetAsync(server);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, ok.Port, weight: 100);
        var agent = AgentOf(server);
        await AgentClient.UntilAsync(agent, member.Id, static line => line == "up ready 100%\n");

        // Far more than an id, no end of line: refused at the size limit, the connection closed at once.
        var oversize = await AskOrResetAsync(agent, new string('a', 4096));
        // Not ASCII, a control character, an id with a space inside: cannot be an id.
        var binary = await AgentClient.AskAsync(agent, "\u00e9t\u00e9\n");
        var control = await AgentClient.AskAsync(agent, "a\u0001b\n");
        var spaced = await AgentClient.AskAsync(agent, member.Id + " x\n");
        // The id alone, the peer closing its side instead of a newline.
        var halfClosed = await AskThenShutdownAsync(agent, member.Id);

        Assert.True(oversize is "unknown-member\n" or "reset", oversize);
        Assert.Equal("unknown-member\n", binary);
        Assert.Equal("unknown-member\n", control);
        Assert.Equal("unknown-member\n", spaced);
        Assert.Equal("up ready 100%\n", halfClosed);
        Assert.Equal("up ready 100%\n", await AgentClient.AskAsync(agent, member.Id + "\n"));
    }

    [Fact]
    public async Task Agent_ManyConcurrentConnections_AllAnswered_AndSilentClientsDoNotStopOthers()
    {
        await using var ok = FleetBackends.Ok();
        await using var server = await StartAsync();
        var fleet = await FleetAsync(server);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, ok.Port, weight: 70);
        var agent = AgentOf(server);
        await AgentClient.UntilAsync(agent, member.Id, static line => line == "up ready 70%\n");

        // 300 clients that connect and say nothing (more than the responder serves at once), then 600 real requests at once.
        // What is asserted is that every one is answered; the time each takes is another test's (a CI machine running
        // every suite at once can need more than the usual 5 s for 900 connections through 256 slots).
        var within = TimeSpan.FromSeconds(30);
        var silent = new List<Task<string>>();
        for (var i = 0; i < 300; i++)
        {
            silent.Add(AgentClient.AskAsync(agent, null, within));
        }

        var asks = new List<Task<string>>();
        for (var i = 0; i < 600; i++)
        {
            asks.Add(AgentClient.AskAsync(agent, member.Id + "\n", within));
        }

        var answers = await Task.WhenAll(asks);
        var silentAnswers = await Task.WhenAll(silent);

        Assert.All(answers, static answer => Assert.Equal("up ready 70%\n", answer));
        Assert.All(silentAnswers, static answer => Assert.Equal("\n", answer));
    }

    [Fact]
    public async Task Agent_TenThousandConnections_AnswerWellUnderAMillisecond()
    {
        await using var ok = FleetBackends.Ok();
        await using var server = await StartAsync();
        var fleet = await FleetAsync(server);
        var pool = await fleet.PoolAsync(await fleet.LoadBalancerAsync());
        await fleet.MonitorAsync(pool, FleetSeeder.Spec(HealthMonitorType.Http));
        var member = await fleet.MemberAsync(pool, ok.Port, weight: 100);
        var agent = AgentOf(server);
        await AgentClient.UntilAsync(agent, member.Id, static line => line == "up ready 100%\n");
        var request = Encoding.ASCII.GetBytes(member.Id + "\n");
        var buffer = new byte[256];
        var took = new double[10_000];

        // One connection after another, as HAProxy opens them: connect, send the id, read the line to the close.
        for (var i = 0; i < took.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(agent, TestContext.Current.CancellationToken);
            await socket.SendAsync(request, SocketFlags.None, TestContext.Current.CancellationToken);
            var read = 0;
            for (var n = 1; n > 0 && read < buffer.Length; read += n)
            {
                n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, TestContext.Current.CancellationToken);
            }

            took[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.Equal("up ready 100%\n", Encoding.ASCII.GetString(buffer, 0, read));
        }

        Array.Sort(took);
        var p50 = took[took.Length / 2];
        var p99 = took[(took.Length * 99) / 100];
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"agent check, 10,000 connections one after another (connect, id, line, close): p50 {p50:F3} ms, p99 {p99:F3} ms, max {took[^1]:F3} ms"));
        Assert.True(p50 < 1, string.Create(CultureInfo.InvariantCulture, $"p50 {p50:F3} ms"));
    }

    private static Task<RunningServer> StartAsync() => RunningServer.StartAsync(options: static o => o.AgentListen = "127.0.0.1:0");

    private static async Task<FleetSeeder> FleetAsync(RunningServer server)
    {
        var (projectId, client) = await server.CreateProjectAsync();
        client.Dispose();
        return new FleetSeeder(server, projectId);
    }

    private static IPEndPoint AgentOf(RunningServer server) =>
        server.Services.GetRequiredService<AgentResponder>().LocalEndPoint ?? throw new InvalidOperationException("the responder did not start");

    /// <summary>The answer, or "reset" when the responder closed with the request unread (a reset may beat the line).</summary>
    private static async Task<string> AskOrResetAsync(IPEndPoint agent, string request)
    {
        try
        {
            return await AgentClient.AskAsync(agent, request);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset)
        {
            return "reset";
        }
    }

    private static async Task<string> AskThenShutdownAsync(IPEndPoint agent, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(agent, TestContext.Current.CancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, TestContext.Current.CancellationToken);
        socket.Shutdown(SocketShutdown.Send);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await AgentClient.ReadToCloseAsync(socket, timeout.Token);
    }
}
