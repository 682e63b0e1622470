using System.Net;
using System.Net.Sockets;
using Vitals.Core.Probing;
using Vitals.Probes.Grpc;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>
/// A GRPC check against a port that speaks only HTTP/1.1 (docs/grpc-probe.md: GRPC_INVALID_RESPONSE, L7RSP, the detail
/// saying what was wrong): a real HTTP/1.1 server (System.Net.HttpListener) and raw ones answering as common servers do.
/// </summary>
public sealed class GrpcProberHttp11Tests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAsync_HttpListenerHttp11Server_FailsInvalidResponseNamingHttp11()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = ServeAsync(listener);
        using var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcInvalidResponse, CheckCode.L7Rsp);
        Assert.Contains("answered in HTTP/1.x, not HTTP/2", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.", result.Content, StringComparison.Ordinal);
        listener.Stop();
        await serving;
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("HTTP/1.0 505 HTTP Version Not Supported\r\nContent-Type: text/html\r\n\r\n<html>Invalid HTTP version (2.0)</html>",
        "HTTP/1.0 505 HTTP Version Not Supported")]
    public async Task ProbeAsync_Http11AnswerToThePreface_FailsInvalidResponseWithTheStatusLine(string answer, string statusLine)
    {
        await using var server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            await connection.WriteAsync(answer);
            connection.Socket.Shutdown(SocketShutdown.Send);
            await connection.StaySilentAsync();
        });
        using var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcInvalidResponse, CheckCode.L7Rsp);
        Assert.EndsWith(": " + statusLine, result.Detail, StringComparison.Ordinal);
        Assert.StartsWith(statusLine, result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ServerClosesOnThePrefaceWithoutAnswering_FailsConnectInterrupt()
    {
        // Nothing came back, so nothing says the port speaks HTTP/1.1: a cut connection, as the doc's table says.
        await using var server = LoopbackServer.Start(async connection =>
        {
            await connection.ReadRequestHeadAsync();
            connection.Socket.Shutdown(SocketShutdown.Send);
            await connection.StaySilentAsync();
        });
        using var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.ConnectInterrupt, CheckCode.L7Rsp);
        Assert.Null(result.Content);
    }

    private static async Task ServeAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            try
            {
                var context = await listener.GetContextAsync();
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return;
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
