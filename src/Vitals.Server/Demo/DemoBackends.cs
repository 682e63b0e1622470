using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vitals.Control.Demo;

namespace Vitals.Server.Demo;

/// <summary>
/// The demo fleet's backends, inside the process on 127.0.0.1: one small Kestrel app answering on several ports (what
/// it answers depends on the port: 200, 500, too slow, or a gRPC health SERVING over h2c), a TCP server that accepts
/// and never speaks, and ports where nothing listens.
/// </summary>
internal sealed class DemoBackends : IDemoBackends
{
    /// <summary>How long the slow backend takes: longer than the demo monitor's 1 s timeout.</summary>
    public static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(3);

    // grpc.health.v1.HealthCheckResponse { status: SERVING }, gRPC-framed: not compressed, length 2, field 1 = 1.
    private static readonly byte[] ServingFrame = [0, 0, 0, 0, 2, 0x08, 0x01];

    private static readonly byte[] OkBody = "ok\n"u8.ToArray();
    private static readonly byte[] FailingBody = "demo: this backend fails on purpose\n"u8.ToArray();

    private readonly WebApplication _web;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _tcpLoop;

    private DemoBackends(WebApplication web, Socket tcp, DemoPorts ports)
    {
        _web = web;
        _tcp = tcp;
        Ports = ports;
        _tcpLoop = AcceptAndHoldAsync();
    }

    public DemoPorts Ports { get; }

    public static async Task<DemoBackends> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var ports = new DemoPorts(
            Healthy: [FreePort(), FreePort(), FreePort(), FreePort()],
            Error500: FreePort(),
            Slow: FreePort(),
            Grpc: FreePort(),
            Closed: FreePort(),
            Spare: FreePort(),
            TcpOnly: 0);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var port in (int[])[.. ports.Healthy, ports.Error500, ports.Slow])
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }

            // gRPC without TLS: HTTP/2 with prior knowledge (h2c), the only way a cleartext gRPC client speaks.
            kestrel.Listen(IPAddress.Loopback, ports.Grpc, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var web = builder.Build();
        web.Run(context => AnswerAsync(context, ports, time));
        await web.StartAsync(cancellationToken);

        var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        tcp.Listen(64);
        ports = ports with { TcpOnly = ((IPEndPoint)tcp.LocalEndPoint!).Port };
        return new DemoBackends(web, tcp, ports);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _tcp.Dispose();
        await _tcpLoop;
        await _web.StopAsync(CancellationToken.None);
        await _web.DisposeAsync();
        _stopping.Dispose();
    }

    private static async Task AnswerAsync(HttpContext context, DemoPorts ports, TimeProvider time)
    {
        var port = context.Connection.LocalPort;
        var response = context.Response;
        if (port == ports.Grpc)
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            response.ContentType = "application/grpc";
            await response.Body.WriteAsync(ServingFrame, context.RequestAborted);
            response.AppendTrailer("grpc-status", "0");
            return;
        }

        if (port == ports.Error500)
        {
            response.StatusCode = StatusCodes.Status500InternalServerError;
            await WriteAsync(response, FailingBody, context.RequestAborted);
            return;
        }

        if (port == ports.Slow)
        {
            await Task.Delay(SlowAnswer, time, context.RequestAborted);
        }

        await WriteAsync(response, OkBody, context.RequestAborted);
    }

    // With a Content-Length rather than chunked, so the excerpt a check keeps is the body people expect to read.
    private static async Task WriteAsync(HttpResponse response, byte[] body, CancellationToken cancellationToken)
    {
        response.ContentType = "text/plain";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }

    private async Task AcceptAndHoldAsync()
    {
        // Accepts and closes: a TCP check only needs the handshake, and this backend never speaks HTTP.
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                using var connection = await _tcp.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    /// <summary>A loopback port free right now (bound, then released): the demo's closed ports and Kestrel's ports.</summary>
    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
