using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes;
using Vitals.Probes.Failures;
using Vitals.Testing;
using static Vitals.Diagnostics.Tests.DiagnoseTestSupport;

namespace Vitals.Diagnostics.Tests;

/// <summary>
/// A diagnosis words a failure exactly as the health check does (same reason code, check code and detail): each
/// case runs a real probe and a real diagnosis against the same broken target and compares them.
/// </summary>
public sealed class DiagnoserWordingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DiagnoseAsync_RefusedPort_WordsItAsTheProbeDoes()
    {
        var closed = LoopbackTcp.RefusedPort();
        var probe = await ProbeAsync(closed, Spec(HealthMonitorType.Tcp));

        var diagnosis = await DiagnoseAsync(Request(closed, Spec(HealthMonitorType.Tcp)));

        var finding = diagnosis.Findings[0];
        Assert.Equal(Causes.NothingListening, finding.Cause);
        Assert.Equal("Connection refused", probe.Detail);
        AssertSameFailure(probe, finding, finding.Evidence["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiagnoseAsync_SynDropped_WordsItAsTheProbeDoes()
    {
        using var network = CreateNetwork();
        const int Port = 8443;
        network.DropTcpPort(Port);
        var endPoint = new IPEndPoint(network.AddressInside, Port);
        var probe = await ProbeAsync(endPoint, Spec(HealthMonitorType.Tcp));

        var diagnosis = await DiagnoseAsync(Request(endPoint, Spec(HealthMonitorType.Tcp)));

        var finding = diagnosis.Findings[0];
        Assert.Equal(Causes.FirewallDrop, finding.Cause);
        Assert.Equal(ProbeFailures.ConnectTimeout.Detail, probe.Detail);
        AssertSameFailure(probe, finding, finding.Evidence["detail"]!.GetValue<string>());
    }

    [Fact]
    public void ConnectTimeout_KernelTimedOutAndOurDeadline_AreOneWording()
    {
        // Where no black hole can be built: the kernel's ETIMEDOUT (SYN retries exhausted) and our own deadline, in
        // a probe or in the diagnosis's raw connect, are the same failure.
        var kernel = ProbeFailures.FromSocketError(SocketError.TimedOut, ProbePhase.Connect);
        var deadline = ProbeFailures.Classify(new OperationCanceledException(), ProbePhase.Connect, deadlineFired: true);

        Assert.Equal(ProbeFailures.ConnectTimeout, kernel);
        Assert.Equal(ProbeFailures.ConnectTimeout, deadline);
        Assert.Equal("Timeout while connecting", kernel.Detail);
    }

    [Fact]
    public async Task DiagnoseAsync_TlsCheckOfPlainTcpListener_WordsTheHandshakeFailureAsTheProbeDoes()
    {
        // A plain TCP service (a line protocol): whatever arrives gets an error line, then the server closes.
        await using var plain = LoopbackServer.Start(static async connection =>
        {
            var buffer = new byte[1024];
            await connection.Socket.ReceiveAsync(buffer, SocketFlags.None, connection.Stopping);
            await connection.WriteAsync("-ERR unknown command\r\n");
            connection.Socket.Shutdown(SocketShutdown.Send);
            await connection.StaySilentAsync();
        });
        var spec = Spec(HealthMonitorType.Tls, timeout: 3);
        var probe = await ProbeAsync(plain.EndPoint, spec);

        var diagnosis = await DiagnoseAsync(Request(plain.EndPoint, spec));

        var finding = diagnosis.Findings[0];
        Assert.Equal(Causes.TlsFailure, finding.Cause);
        Assert.Equal(ReasonCode.TlsHandshakeFailed, probe.Reason);
        Assert.StartsWith("TLS handshake failed: ", probe.Detail, StringComparison.Ordinal);
        AssertSameFailure(probe, finding, finding.Evidence["tls_detail"]!.GetValue<string>());
    }

    private static async Task<ProbeResult> ProbeAsync(IPEndPoint endPoint, HealthMonitorSpec spec)
    {
        using var prober = new Prober(TimeProvider.System);
        return await prober.ProbeAsync(new ProbeTarget(endPoint, spec), Token);
    }

    private static void AssertSameFailure(ProbeResult probe, Finding finding, string diagnosisDetail)
    {
        Assert.False(probe.IsSuccess);
        Assert.Equal(probe.Detail, diagnosisDetail);
        Assert.Equal(probe.Reason.ToNlb(), finding.NlbReasonCode);
        Assert.Equal(probe.CheckCode.ToWire(), finding.CheckCode);
    }
}
