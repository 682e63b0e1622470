using Vitals.Core.Probing;

namespace Vitals.Probes.Tcp.Native;

/// <summary>
/// The half-open TCP check of <see cref="TcpProber"/> (same results, same classification) run by a
/// <see cref="TcpReactor"/>: one thread, non-blocking connects in batches, one epoll_wait for their completions, no
/// timer and no <see cref="CancellationTokenSource"/> per check. Linux only. For checks started inside a batch, the
/// continuation of the returned <see cref="ValueTask{TResult}"/> runs inline on the reactor thread (so it must be
/// short and must not block); other checks complete on the thread pool.
/// </summary>
internal sealed class NativeTcpProber : IProber, IBatchingProber, IDisposable
{
    private const int MaxPooled = 65_536;

    [ThreadStatic]
    private static NativeTcpProber? t_batchOwner;

    [ThreadStatic]
    private static int t_batchDepth;

    [ThreadStatic]
    private static bool t_batchHasStarts;

    private readonly TimeProvider _timeProvider;
    private readonly TcpReactor _reactor;
    private readonly Lock _poolLock = new();
    private readonly Stack<NativeTcpOperation> _pool = new();
    private readonly Lock _tokenLock = new();

    // The first cancellable token of a batched check (the engine's stopping token) gets one registration for the
    // prober's lifetime instead of one per check; any other token is registered per check.
    private CancellationToken _sharedToken;
    private CancellationTokenRegistration _sharedRegistration;
    private volatile bool _hasSharedToken;

    private NativeTcpProber(TimeProvider timeProvider, TcpReactor reactor)
    {
        _timeProvider = timeProvider;
        _reactor = reactor;
    }

    internal TcpReactor Reactor => _reactor;

    /// <summary>A prober with a running reactor, or null where the reactor cannot run (not Linux, libc calls failing).</summary>
    public static NativeTcpProber? TryCreate(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var reactor = TcpReactor.TryCreate(timeProvider, out _);
        return reactor is null ? null : new NativeTcpProber(timeProvider, reactor);
    }

    public ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<ProbeResult>(cancellationToken);
        }

        // Built once per target and kept on it (a field, not a side table: 100,000 targets).
        if (target.NativeAddress is not NativeSocketAddress address)
        {
            address = NativeSocketAddress.From(target.EndPoint);
            target.NativeAddress = address;
        }

        var checkedAt = _timeProvider.GetUtcNow();
        var start = _timeProvider.GetTimestamp();
        var operation = Rent();
        var timeoutTicks = (long)(target.Timeout.TotalSeconds * _timeProvider.TimestampFrequency);
        var inBatch = t_batchOwner == this;
        operation.Prepare(address, timeoutTicks, start, checkedAt, inline: inBatch, cancellationToken);
        if (cancellationToken.CanBeCanceled && !IsShared(inBatch, cancellationToken))
        {
            operation.Registration = cancellationToken.UnsafeRegister(static state =>
            {
                var op = (NativeTcpOperation)state!;
                op.Owner._reactor.RequestCancel(op, op.Generation);
            }, operation);
        }

        var version = operation.Version;
        if (!_reactor.Enqueue(operation))
        {
            operation.Registration.Dispose();
            Return(operation);
            return ValueTask.FromException<ProbeResult>(new ObjectDisposedException(nameof(NativeTcpProber)));
        }

        if (inBatch)
        {
            t_batchHasStarts = true;
        }
        else
        {
            _reactor.Wake();
        }

        return new ValueTask<ProbeResult>(operation, version);
    }

    public void BeginBatch()
    {
        if (t_batchDepth++ == 0)
        {
            t_batchOwner = this;
            t_batchHasStarts = false;
        }
    }

    public void EndBatch()
    {
        if (t_batchDepth == 0)
        {
            // Not the thread that began the batch (a misuse): wake anyway rather than leave its checks queued.
            _reactor.Wake();
            return;
        }

        if (--t_batchDepth > 0)
        {
            return;
        }

        t_batchOwner = null;
        if (t_batchHasStarts)
        {
            t_batchHasStarts = false;
            _reactor.Wake();
        }
    }

    public void Dispose()
    {
        _sharedRegistration.Dispose();
        _reactor.Dispose();
    }

    internal void Return(NativeTcpOperation operation)
    {
        lock (_poolLock)
        {
            if (_pool.Count < MaxPooled)
            {
                _pool.Push(operation);
            }
        }
    }

    private NativeTcpOperation Rent()
    {
        lock (_poolLock)
        {
            if (_pool.TryPop(out var pooled))
            {
                return pooled;
            }
        }

        return new NativeTcpOperation(this);
    }

    private bool IsShared(bool inBatch, CancellationToken token)
    {
        if (!_hasSharedToken)
        {
            if (!inBatch)
            {
                return false; // one-off callers' tokens come and go: only a batching caller's token is kept
            }

            lock (_tokenLock)
            {
                if (!_hasSharedToken)
                {
                    _sharedToken = token;
                    _sharedRegistration = token.UnsafeRegister(static (state, cancelled) => ((NativeTcpProber)state!)._reactor.CancelAll(cancelled), this);
                    _hasSharedToken = true;
                }
            }
        }

        return token == _sharedToken;
    }
}
