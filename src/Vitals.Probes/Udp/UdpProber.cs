using System.Buffers;
using System.Net.Sockets;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;
using Vitals.Probes.Sockets;

namespace Vitals.Probes.Udp;

/// <summary>
/// UDP_CONNECT check, the way cloud load balancers do it: a connected UDP socket sends one small datagram and waits
/// until the deadline. An ICMP port-unreachable (ECONNREFUSED on the connected socket) fails the check; a reply or
/// silence passes it, because UDP gives no positive signal unless the application answers.
/// </summary>
internal sealed class UdpProber(TimeProvider timeProvider) : IProber
{
    private const int ReceiveSize = 2048;

    /// <summary>The datagram sent; short, printable, and easy to spot in a backend's capture.</summary>
    private static readonly byte[] Payload = "VITALS-HEALTH-CHECK\n"u8.ToArray();

    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly DeadlinePool _deadlines = new(timeProvider);

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var checkedAt = _timeProvider.GetUtcNow();
        var clock = new PhaseClock(_timeProvider, _timeProvider.GetTimestamp());
        Socket socket;
        try
        {
            socket = ProbeSockets.CreateUdp(target.EndPoint);
            socket.Connect(target.EndPoint); // local only: picks the route and source port, sends nothing
            clock.Connected();
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            return ProbeFailures.FromException(e, ProbePhase.Socket).ToResult(clock.Timings(), checkedAt);
        }

        var deadline = _deadlines.Start(target.Timeout, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveSize);
        try
        {
            await socket.SendAsync(Payload, SocketFlags.None, deadline.Token);
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            clock.FirstByte();
            var content = target.Excerpt(buffer.AsSpan(0, read));
            return ProbeResult.Pass(CheckCode.L4Ok, clock.Timings(), checkedAt, content: content, detail: "Reply received");
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (deadline.HasFired)
            {
                return ProbeResult.Pass(CheckCode.L4Ok, clock.Timings(), checkedAt, detail: "No reply, no port unreachable");
            }

            return ProbeFailures.FromException(e, ProbePhase.Datagram).ToResult(clock.Timings(), checkedAt);
        }
        finally
        {
            socket.Dispose();
            deadline.Release();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
