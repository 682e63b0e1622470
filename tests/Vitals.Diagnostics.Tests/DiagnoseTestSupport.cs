using System.Net;
using System.Net.Sockets;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes;
using Vitals.Testing;

namespace Vitals.Diagnostics.Tests;

/// <summary>Specs, requests and backends for diagnosis tests: short timeouts and few samples keep the suite quick.</summary>
internal static class DiagnoseTestSupport
{
    public static HealthMonitorSpec Spec(HealthMonitorType type, int timeout = 1, int delay = 5, int rise = 3, int fall = 3,
        string urlPath = "/health", string? domainName = null, int? monitorPort = null) => new()
        {
            Type = type,
            Delay = delay,
            Timeout = timeout,
            MaxRetries = rise,
            MaxRetriesDown = fall,
            UrlPath = urlPath,
            DomainName = domainName,
            MonitorPort = monitorPort,
        };

    public static DiagnosisRequest Request(IPAddress address, int port, HealthMonitorSpec spec) => new()
    {
        Address = address,
        Port = port,
        Spec = spec,
        Samples = 2,
        SampleSpacing = TimeSpan.FromMilliseconds(20),
        Budget = TimeSpan.FromSeconds(15),
    };

    public static DiagnosisRequest Request(IPEndPoint endPoint, HealthMonitorSpec spec) => Request(endPoint.Address, endPoint.Port, spec);

    public static async Task<Diagnosis> DiagnoseAsync(DiagnosisRequest request)
    {
        IProber prober = new Prober(TimeProvider.System);
        try
        {
            return await new Diagnoser(prober, TimeProvider.System).DiagnoseAsync(request, TestContext.Current.CancellationToken);
        }
        finally
        {
            // The prober may own native resources (a raw-socket TCP path); dispose it if it does.
            (prober as IDisposable)?.Dispose();
        }
    }

    /// <summary>An HTTP backend answering every request with <paramref name="status"/>.</summary>
    public static LoopbackServer HttpStatus(int status, string reason, string extraHeaders = "") => LoopbackServer.Http(
        $"HTTP/1.1 {status} {reason}\r\n{extraHeaders}Content-Length: 2\r\nConnection: close\r\n\r\nok");

    /// <summary>An HTTP backend that answers <paramref name="status"/> after <paramref name="delay"/>.</summary>
    public static LoopbackServer SlowHttp(TimeSpan delay, int status = 200) => LoopbackServer.Start(async connection =>
    {
        await connection.ReadRequestHeadAsync();
        await Task.Delay(delay, connection.Stopping);
        await connection.WriteAsync($"HTTP/1.1 {status} OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        connection.Socket.Shutdown(SocketShutdown.Send);
        await connection.StaySilentAsync();
    });

    public static ProbeResult Passed(double totalMs, DateTimeOffset at) => ProbeResult.Pass(CheckCode.L7Ok,
        new ProbeTimings(100, -1, (int)(totalMs * 1000) - 10, (int)(totalMs * 1000)), at, 200);

    public static ProbeResult TimedOut(int timeoutSeconds, DateTimeOffset at) => ProbeResult.Fail(ReasonCode.RecvResponseTimeout,
        CheckCode.L7Tout, new ProbeTimings(100, -1, -1, timeoutSeconds * 1_000_000), at);

    public static NetworkNamespace CreateNetwork()
    {
        if (!NetworkNamespace.TryCreate(out var network, out var whyNot))
        {
            Assert.Skip(whyNot);
        }

        return network!;
    }
}
