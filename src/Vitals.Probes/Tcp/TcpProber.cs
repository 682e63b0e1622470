using System.Runtime.CompilerServices;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;
using Vitals.Probes.Sockets;

namespace Vitals.Probes.Tcp;

/// <summary>
/// TCP check, half-open like HAProxy's: connect with delayed ACK, then close at once with RST. The backend sees
/// SYN, answers SYN-ACK and gets RST; it never accepts, and neither side keeps a TIME_WAIT. Runs at fleet rate,
/// so it allocates as little as it can (pooled deadline, pooled async state).
/// </summary>
internal sealed class TcpProber(TimeProvider timeProvider) : IProber
{
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly DeadlinePool _deadlines = new(timeProvider);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var checkedAt = _timeProvider.GetUtcNow();
        var start = _timeProvider.GetTimestamp();
        System.Net.Sockets.Socket socket;
        try
        {
            socket = ProbeSockets.CreateTcp(target.EndPoint, halfOpen: true);
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            return ProbeFailures.FromException(e, ProbePhase.Socket).ToResult(Timings(-1, start), checkedAt);
        }

        var deadline = _deadlines.Start(target.Timeout, cancellationToken);
        try
        {
            await socket.ConnectAsync(target.EndPoint, deadline.Token);
            var connected = ProbeTimings.Micros(_timeProvider.GetElapsedTime(start));
            return ProbeResult.Pass(CheckCode.L4Ok, Timings(connected, start), checkedAt);
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ProbeFailures.Classify(e, ProbePhase.Connect, deadline.HasFired).ToResult(Timings(-1, start), checkedAt);
        }
        finally
        {
            socket.Dispose();
            deadline.Release();
        }
    }

    private ProbeTimings Timings(int connectMicros, long start)
        => new(connectMicros, -1, -1, ProbeTimings.Micros(_timeProvider.GetElapsedTime(start)));
}
