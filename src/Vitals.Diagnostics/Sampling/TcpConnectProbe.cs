using System.Net;
using System.Net.Sockets;
using Vitals.Probes.Failures;

namespace Vitals.Diagnostics.Sampling;

/// <summary>
/// A raw TCP connect that tells apart what the health-check probers fold together: refused (RST), silence
/// (dropped SYN), ICMP unreachable, and a listener that accepts and then resets or closes at once. After connecting
/// it waits <c>hold</c> for the server to speak or hang up, then closes with RST (no TIME_WAIT left behind). The outcome
/// is finer than a reason code, but every failure is classified and worded by <see cref="ProbeFailures"/>, as the
/// probers do it, so that a diagnosis and a health check say the same thing about the same failure.
/// </summary>
internal static class TcpConnectProbe
{
    private static readonly LingerOption ResetOnClose = new(true, 0);

    /// <summary>Connects once; throws only when <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<TcpSample> RunAsync(IPEndPoint endPoint, TimeSpan timeout, TimeSpan hold, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = ResetOnClose };
        }
        catch (SocketException e)
        {
            return new TcpSample(TcpOutcome.LocalError, null, ProbeFailures.FromSocketError(e.SocketErrorCode, ProbePhase.Socket, e.Message));
        }

        using (socket)
        {
            var start = timeProvider.GetTimestamp();
            double connectMs;
            using (var deadline = new CancellationTokenSource(timeout, timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
            {
                try
                {
                    await socket.ConnectAsync(endPoint, linked.Token);
                    connectMs = Millis(timeProvider.GetElapsedTime(start));
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return new TcpSample(TcpOutcome.Timeout, null, ProbeFailures.ConnectTimeout);
                }
                catch (SocketException e)
                {
                    return new TcpSample(Classify(e.SocketErrorCode), null,
                        ProbeFailures.FromSocketError(e.SocketErrorCode, ProbePhase.Connect, e.Message));
                }
            }

            return await HoldAsync(socket, connectMs, hold, timeProvider, cancellationToken);
        }
    }

    private static async Task<TcpSample> HoldAsync(Socket socket, double connectMs, TimeSpan hold, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        using var wait = new CancellationTokenSource(hold, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, cancellationToken);
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token);
            // A close or reset before any request is what an HTTP or TLS check would meet as its response phase.
            return read == 0
                ? new TcpSample(TcpOutcome.Closed, connectMs, ProbeFailures.ClosedBeforeResponse)
                : new TcpSample(TcpOutcome.Banner, connectMs, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TcpSample(TcpOutcome.Connected, connectMs, null);
        }
        catch (SocketException e)
        {
            return new TcpSample(TcpOutcome.Reset, connectMs, ProbeFailures.FromSocketError(e.SocketErrorCode, ProbePhase.Response, e.Message));
        }
    }

    private static TcpOutcome Classify(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => TcpOutcome.Refused,
        SocketError.TimedOut => TcpOutcome.Timeout,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => TcpOutcome.Unreachable,
        SocketError.ConnectionReset or SocketError.ConnectionAborted => TcpOutcome.Reset,
        _ => TcpOutcome.LocalError,
    };

    private static double Millis(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 3);
}
