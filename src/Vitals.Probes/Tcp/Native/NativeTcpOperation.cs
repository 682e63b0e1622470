using System.Threading.Tasks.Sources;
using Vitals.Core.Probing;

namespace Vitals.Probes.Tcp.Native;

/// <summary>
/// One TCP check in the reactor: the pooled source behind the <see cref="ValueTask{TResult}"/> that
/// <see cref="NativeTcpProber.ProbeAsync"/> returns, and the reactor's bookkeeping for it (socket, slot, deadline
/// list links). Reused after its result is read, so a check allocates nothing in the steady state. Fields other
/// than the ones set at start are touched only by the reactor thread.
/// </summary>
internal sealed class NativeTcpOperation(NativeTcpProber owner) : IValueTaskSource<ProbeResult>
{
    public NativeTcpProber Owner { get; } = owner;

    private ManualResetValueTaskSourceCore<ProbeResult> _core;

    public NativeSocketAddress Address { get; private set; } = null!;

    public long TimeoutTicks { get; private set; }

    public long StartTimestamp { get; private set; }

    public DateTimeOffset CheckedAt { get; private set; }

    public long Deadline => StartTimestamp + TimeoutTicks;

    public CancellationToken Token { get; private set; }

    /// <summary>Changes on every use, so a late cancellation request for an earlier check is recognised.</summary>
    public int Generation { get; private set; }

    /// <summary>The per-check registration on the host token (only for tokens other than the prober's shared one).</summary>
    public CancellationTokenRegistration Registration { get; set; }

    public int Fd { get; set; } = -1;

    public int Slot { get; set; } = -1;

    public TimeoutList? List { get; set; }

    public NativeTcpOperation? Previous { get; set; }

    public NativeTcpOperation? Next { get; set; }

    public short Version => _core.Version;

    /// <param name="address">Where to connect.</param>
    /// <param name="timeoutTicks">The check's timeout in timestamp ticks.</param>
    /// <param name="start">The check's start timestamp.</param>
    /// <param name="checkedAt">The check's start instant.</param>
    /// <param name="inline">
    /// Run the continuation inline on the reactor thread. Only for checks started in a batch: a batching caller (the
    /// engine) promises a short, non-blocking continuation, and saves a thread-pool hop per check. Anyone else's
    /// continuation goes to the thread pool, so that code awaiting a one-off check can never stall or deadlock the
    /// reactor (e.g. by blocking on another check).
    /// </param>
    /// <param name="token">The host token.</param>
    public void Prepare(NativeSocketAddress address, long timeoutTicks, long start, DateTimeOffset checkedAt, bool inline,
        CancellationToken token)
    {
        _core.RunContinuationsAsynchronously = !inline;
        Address = address;
        TimeoutTicks = timeoutTicks;
        StartTimestamp = start;
        CheckedAt = checkedAt;
        Token = token;
        Generation++;
    }

    /// <summary>Completes the check; the continuation runs before this returns, and may reuse this object.</summary>
    public void SetResult(in ProbeResult result) => _core.SetResult(result);

    public void SetException(Exception exception) => _core.SetException(exception);

    public ProbeResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
            Address = null!;
            Token = default;
            Registration = default;
            Owner.Return(this);
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
