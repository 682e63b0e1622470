using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Vitals.Probes.Failures;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of <see cref="GrpcProber"/>: opens the check's own
/// connection to the member's address (not to whatever the URI's host resolves to), times the TCP connect and the
/// TLS handshake, and classifies their failures itself, since the handler would hide them behind one
/// <see cref="HttpRequestException"/>. The TLS is done here too, with ALPN h2 and no certificate verification;
/// the handler uses the <see cref="SslStream"/> it is handed as the connection.
/// </summary>
internal static class GrpcConnector
{
    private static readonly List<SslApplicationProtocol> H2Only = [SslApplicationProtocol.Http2];

    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(GrpcCheck.OptionsKey, out var check))
        {
            throw new InvalidOperationException("a gRPC connection was requested without its check");
        }

        // The handler's token carries only its ConnectTimeout; the check's deadline is what bounds this connect.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, check.Token);
        var token = linked.Token;
        token.ThrowIfCancellationRequested();

        Socket socket;
        try
        {
            socket = new Socket(check.Target.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException ex)
        {
            check.Fail(ProbeFailures.FromSocketError(ex.SocketErrorCode, ProbePhase.Socket, ex.Message));
            throw;
        }

        check.Attach(socket);
        try
        {
            socket.NoDelay = true;
            // Linger 0: the close that ends the check is an RST, so the checker keeps no TIME_WAIT per check.
            socket.LingerState = new LingerOption(true, 0);
            check.Enter(GrpcCheckPhase.Connecting);
            try
            {
                await socket.ConnectAsync(check.Target.EndPoint, token);
            }
            catch (SocketException ex) when (!token.IsCancellationRequested)
            {
                check.Fail(ProbeFailures.FromSocketError(ex.SocketErrorCode, ProbePhase.Connect, ex.Message));
                throw;
            }

            check.MarkConnected();
            var stream = new NetworkStream(socket, ownsSocket: true);
            if (!check.Target.UseTls)
            {
                check.Enter(GrpcCheckPhase.Connected);
                return new GrpcRecordingStream(stream, check);
            }

            // The handler must get the SslStream itself: handed any other stream for an https URI it would start a
            // TLS handshake of its own on top. Over TLS, ALPN h2 already rules out an HTTP/1.1 server.
            return await AuthenticateAsync(stream, check, token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async ValueTask<Stream> AuthenticateAsync(NetworkStream stream, GrpcCheck check, CancellationToken token)
    {
        check.Enter(GrpcCheckPhase.Tls);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = check.Target.ServerName,
                    ApplicationProtocols = H2Only,
#pragma warning disable CA5359 // Like a load balancer's check: the backend's certificate is not verified.
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                token);
        }
        catch (Exception ex) when (!token.IsCancellationRequested && ex is not OperationCanceledException)
        {
            check.Fail(ProbeFailures.FromException(ex, ProbePhase.Tls));
            await tls.DisposeAsync();
            throw;
        }

        check.MarkTlsDone();
        if (tls.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
        {
            check.Fail(GrpcFailureClassifier.Invalid("the TLS server did not agree to HTTP/2 (no ALPN h2)"));
            await tls.DisposeAsync();
            throw new IOException("the TLS server did not agree to HTTP/2 (no ALPN h2)");
        }

        check.Enter(GrpcCheckPhase.Connected);
        return tls;
    }
}
