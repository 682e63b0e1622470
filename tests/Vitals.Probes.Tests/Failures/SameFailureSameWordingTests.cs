using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;
using Vitals.Probes.Tests.Grpc;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Failures;

/// <summary>
/// One failure, one wording: every check type meets the same refused port, dropped SYN and non-TLS listener, and
/// each must report the same reason code, check code and detail (the gRPC prober once said "connect timed out" where
/// the others said "Timeout while connecting").
/// </summary>
public sealed class SameFailureSameWordingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAsync_RefusedPort_EveryCheckTypeWordsItTheSame()
    {
        var closed = LoopbackTcp.RefusedPort();
        var expected = ProbeFailures.FromSocketError(SocketError.ConnectionRefused, ProbePhase.Connect);

        var results = await ProbeAllAsync(closed, timeout: null);

        Assert.Equal("Connection refused", expected.Detail);
        AssertAll(expected, results);
    }

    [Fact]
    public async Task ProbeAsync_TlsToPlainTcpListener_EveryTlsCheckTypeWordsItTheSame()
    {
        await using var plain = PlainLineServer();

        var results = new List<(string, ProbeResult)>();
        using var prober = new Prober(TimeProvider.System);
        foreach (var type in (HealthMonitorType[])[HealthMonitorType.Tls, HealthMonitorType.Https])
        {
            results.Add((type.ToWire(), await prober.ProbeAsync(Specs.Target(plain.EndPoint, type), Token)));
        }

        results.Add(("GRPC (TLS)", await prober.ProbeAsync(GrpcTestTargets.Loopback(plain.Port, tls: true), Token)));

        var first = results[0].Item2;
        Assert.Equal(ReasonCode.TlsHandshakeFailed, first.Reason);
        AssertAll(new ProbeFailure(first.Reason, first.CheckCode, first.Detail!), results);
    }

    [Fact]
    public async Task ProbeAsync_SynDropped_EveryCheckTypeWordsItTheSame()
    {
        if (!NetworkNamespace.TryCreate(out var network, out var whyNot))
        {
            Assert.Skip("needs a network namespace for a dropped SYN: " + whyNot);
        }

        using (network)
        {
            const int DroppedPort = 8443;
            network!.DropTcpPort(DroppedPort);

            var results = await ProbeAllAsync(new IPEndPoint(network.AddressInside, DroppedPort), Specs.ShortTimeout);

            AssertAll(ProbeFailures.ConnectTimeout, results);
        }
    }

    /// <summary>A plain TCP service (a line protocol): it answers whatever arrives with an error line and closes.</summary>
    private static LoopbackServer PlainLineServer() => LoopbackServer.Start(static async connection =>
    {
        var buffer = new byte[1024];
        await connection.Socket.ReceiveAsync(buffer, SocketFlags.None, connection.Stopping);
        await connection.WriteAsync("-ERR unknown command\r\n");
        connection.Socket.Shutdown(SocketShutdown.Send);
        await connection.StaySilentAsync();
    });

    private static async Task<List<(string Type, ProbeResult Result)>> ProbeAllAsync(IPEndPoint endPoint, TimeSpan? timeout)
    {
        var results = new List<(string, ProbeResult)>();
        using (var prober = new Prober(TimeProvider.System, nativeTcp: false))
        {
            foreach (var type in (HealthMonitorType[])[HealthMonitorType.Tcp, HealthMonitorType.Http, HealthMonitorType.Https,
                HealthMonitorType.Tls])
            {
                results.Add((type.ToWire(), await prober.ProbeAsync(Specs.Target(endPoint, type, timeout: timeout), Token)));
            }

            var grpc = new ProbeTarget(endPoint, GrpcTestTargets.Spec(), timeout ?? GrpcTestTargets.DefaultTimeout);
            results.Add(("GRPC", await prober.ProbeAsync(grpc, Token)));
        }

        using (var native = new Prober(TimeProvider.System))
        {
            if (native.UsesNativeTcp)
            {
                results.Add(("TCP (epoll)", await native.ProbeAsync(Specs.Target(endPoint, HealthMonitorType.Tcp, timeout: timeout), Token)));
            }
        }

        return results;
    }

    private static void AssertAll(ProbeFailure expected, List<(string Type, ProbeResult Result)> results)
    {
        foreach (var (type, result) in results)
        {
            Assert.True(!result.IsSuccess && new ProbeFailure(result.Reason, result.CheckCode, result.Detail ?? "") == expected,
                $"{type}: expected {expected}, got {result.Reason.ToWire()} {result.CheckCode.ToWire()} \"{result.Detail}\"");
        }
    }
}
