using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes;
using Vitals.Testing;
using static Vitals.Diagnostics.Tests.DiagnoseTestSupport;

namespace Vitals.Diagnostics.Tests;

/// <summary>Layer-4 causes, each built for real: refused, dropped, reset, port mismatch, loopback-only binding.</summary>
public sealed class DiagnoserConnectionTests
{
    [Fact]
    public async Task DiagnoseAsync_NothingListening_FirstFindingIsNothingListening()
    {
        var closed = LoopbackTcp.RefusedPort();

        var diagnosis = await DiagnoseAsync(Request(closed, Spec(HealthMonitorType.Http)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.NothingListening, first.Cause);
        Assert.Equal(FindingVerdict.Problem, first.Verdict);
        Assert.Equal(FindingVerdict.Problem, diagnosis.Verdict);
        Assert.Equal("CONNECT_FAILED", first.NlbReasonCode);
        Assert.Equal("L4CON", first.CheckCode);
        Assert.Equal(["refused", "refused"], Strings(first.Evidence["outcomes"]));
        Assert.Contains($"127.0.0.1:{closed.Port}", first.Advice, StringComparison.Ordinal);
        Assert.Contains(diagnosis.NotChecked, static n => n.Contains("HTTP answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DiagnoseAsync_FirewallDropsSyn_FirstFindingIsFirewallDrop()
    {
        using var network = CreateNetwork();
        const int Port = 8443;
        network.DropTcpPort(Port);

        var diagnosis = await DiagnoseAsync(Request(network.AddressInside, Port, Spec(HealthMonitorType.Http)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.FirewallDrop, first.Cause);
        Assert.Equal("CONNECT_TIMEOUT", first.NlbReasonCode);
        Assert.Equal("L4TOUT", first.CheckCode);
        Assert.Equal(["timeout", "timeout"], Strings(first.Evidence["outcomes"]));
        Assert.True(first.Evidence["host_answers_elsewhere"]!.GetValue<bool>());
        Assert.Equal("refused", first.Evidence["other_port_outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiagnoseAsync_HttpCheckOfABackendThatResetsOnAccept_FirstFindingIsConnectionResetProblem()
    {
        await using var server = LoopbackServer.Start(static connection =>
        {
            connection.Reset();
            return Task.CompletedTask;
        });

        var diagnosis = await DiagnoseAsync(Request(server.EndPoint, Spec(HealthMonitorType.Http)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.ConnectionReset, first.Cause);
        Assert.Equal(FindingVerdict.Problem, first.Verdict);
        Assert.Equal("CONNECT_INTERRUPT", first.NlbReasonCode);
        Assert.Contains("reset", Strings(first.Evidence["outcomes"]));
    }

    [Fact]
    public async Task DiagnoseAsync_TcpCheckOfABackendThatResetsOnAccept_AgreesWithTheProbe_WarningNotFailure()
    {
        await using var server = LoopbackServer.Start(static connection =>
        {
            connection.Reset();
            return Task.CompletedTask;
        });
        var spec = Spec(HealthMonitorType.Tcp);
        using var prober = new Prober(TimeProvider.System);

        var probe = await prober.ProbeAsync(new ProbeTarget(server.EndPoint, spec), TestContext.Current.CancellationToken);
        var diagnosis = await DiagnoseAsync(Request(server.EndPoint, spec));

        // The health check passes on the completed handshake; the diagnosis says the same and warns about the resets.
        Assert.True(probe.IsSuccess, probe.CheckStatus);
        Assert.Equal(CheckCode.L4Ok, probe.CheckCode);
        Assert.Equal(FindingVerdict.Warning, diagnosis.Verdict);
        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.ConnectionReset, first.Cause);
        Assert.Equal(FindingVerdict.Warning, first.Verdict);
        Assert.Null(first.NlbReasonCode);
        Assert.Equal("L4OK", first.CheckCode);
        Assert.Contains("reset", Strings(first.Evidence["outcomes"]));
        Assert.Contains("passes (L4OK)", first.Advice, StringComparison.Ordinal);
        Assert.DoesNotContain(diagnosis.Findings, static f => f.Verdict == FindingVerdict.Problem);
        Assert.Contains(diagnosis.Findings, static f => f.Cause == Causes.Healthy);
        Assert.Equal("warning", diagnosis.Verdict.ToWire());
    }

    [Fact]
    public async Task DiagnoseAsync_BackendPortOpenCheckPortClosed_FirstFindingIsPortMismatch()
    {
        await using var backend = HttpStatus(200, "OK");
        var checkPort = LoopbackTcp.RefusedPort().Port;

        var diagnosis = await DiagnoseAsync(Request(backend.EndPoint, Spec(HealthMonitorType.Http, monitorPort: checkPort)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.PortMismatch, first.Cause);
        Assert.Contains($"probes port {checkPort}, but the application listens on {backend.Port}", first.Advice, StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{checkPort}", diagnosis.Target);
        Assert.Contains(diagnosis.Findings, static f => f.Cause == Causes.NothingListening);
    }

    [Fact]
    public async Task DiagnoseAsync_CheckPortOpenBackendPortClosed_FirstFindingIsPortMismatch()
    {
        await using var checkServer = HttpStatus(200, "OK");
        var backendPort = LoopbackTcp.RefusedPort().Port;
        var request = Request(checkServer.EndPoint, Spec(HealthMonitorType.Http)) with { BackendPort = backendPort };

        var diagnosis = await DiagnoseAsync(request);

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.PortMismatch, first.Cause);
        Assert.Contains($"forwarded to {backendPort}", first.Advice, StringComparison.Ordinal);
        Assert.Contains(diagnosis.Findings, static f => f.Cause == Causes.Healthy);
    }

    [Fact]
    public async Task DiagnoseAsync_ServiceListensOnLoopbackOnly_FirstFindingIsLoopbackOnly()
    {
        // The host end of a veth pair is a non-loopback address of this machine: the checker's view of a backend whose
        // service is bound to 127.0.0.1 only.
        using var network = CreateNetwork();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(8);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var diagnosis = await DiagnoseAsync(Request(network.HostAddress, port, Spec(HealthMonitorType.Tcp)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.LoopbackOnly, first.Cause);
        Assert.Equal(["127.0.0.1"], Strings(first.Evidence["listening_on"]));
        Assert.Equal("connected", first.Evidence["loopback_connect"]!.GetValue<string>());
        Assert.Contains(diagnosis.Findings, static f => f.Cause == Causes.NothingListening);
    }

    [Fact]
    public async Task DiagnoseAsync_ServiceBoundToAnotherLocalAddress_FindingNamesTheAddressItListensOn()
    {
        // The service is bound to 127.0.0.2 only; the check goes to 127.0.0.1 on the same port and is refused.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        listener.Listen(8);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var diagnosis = await DiagnoseAsync(Request(IPAddress.Loopback, port, Spec(HealthMonitorType.Http)));

        var first = diagnosis.Findings[0];
        Assert.Equal(Causes.OtherAddressOnly, first.Cause);
        Assert.Equal(FindingVerdict.Problem, first.Verdict);
        Assert.Equal(["127.0.0.2"], Strings(first.Evidence["listening_on"]));
        Assert.Equal("connected", first.Evidence["listening_address_connect"]!.GetValue<string>());
        Assert.Equal("refused", first.Evidence["target_connect"]!.GetValue<string>());
        Assert.Contains($"only on 127.0.0.2:{port}, not on 127.0.0.1", first.Advice, StringComparison.Ordinal);
        Assert.Equal("CONNECT_FAILED", first.NlbReasonCode);
        Assert.Equal("L4CON", first.CheckCode);
        Assert.DoesNotContain(diagnosis.Findings, static f => f.Cause == Causes.LoopbackOnly);
    }

    [Fact]
    public async Task DiagnoseAsync_NothingListensAnywhere_NoAddressFinding()
    {
        var closed = LoopbackTcp.RefusedPort();

        var diagnosis = await DiagnoseAsync(Request(closed, Spec(HealthMonitorType.Tcp)));

        Assert.Equal(Causes.NothingListening, diagnosis.Findings[0].Cause);
        Assert.DoesNotContain(diagnosis.Findings, static f => f.Cause is Causes.OtherAddressOnly or Causes.LoopbackOnly);
    }

    [Fact]
    public async Task DiagnoseAsync_ServiceListensOnAllAddresses_NoLoopbackOnlyFinding()
    {
        using var network = CreateNetwork();
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 0));
        listener.Listen(8);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var diagnosis = await DiagnoseAsync(Request(network.HostAddress, port, Spec(HealthMonitorType.Tcp)));

        Assert.Equal(Causes.Healthy, diagnosis.Findings[0].Cause);
        Assert.DoesNotContain(diagnosis.Findings, static f => f.Cause == Causes.LoopbackOnly);
    }

    [Fact]
    public async Task DiagnoseAsync_BlackHoledTargetWithShortBudget_EndsInTimeAndSaysWhatWasNotChecked()
    {
        using var network = CreateNetwork();
        network.DropAll();
        var request = Request(network.AddressInside, 8080, Spec(HealthMonitorType.Https, timeout: 2)) with
        {
            Budget = TimeSpan.FromSeconds(3),
            Samples = 3,
        };
        var stopwatch = Stopwatch.StartNew();

        var diagnosis = await DiagnoseAsync(request);

        stopwatch.Stop();
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(12));
        Assert.InRange(diagnosis.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));
        Assert.Equal(Causes.FirewallDrop, diagnosis.Findings[0].Cause);
        Assert.Contains(diagnosis.NotChecked, static n => n.Contains("budget ran out", StringComparison.Ordinal));
        Assert.Contains(diagnosis.NotChecked, static n => n.Contains("TLS handshake", StringComparison.Ordinal));
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(static n => n!.GetValue<string>())];
}
