namespace Vitals.Probes.Sockets;

/// <summary>
/// The single deadline of one check, across all its phases. <see cref="Token"/> fires at the deadline or when the
/// host stops; <see cref="Release"/> hands the source back. A struct so that starting a check allocates nothing.
/// </summary>
internal readonly struct ProbeDeadline
{
    private readonly DeadlinePool _pool;
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _hostRegistration;
    private readonly long _startTimestamp;
    private readonly TimeSpan _timeout;

    internal ProbeDeadline(DeadlinePool pool, CancellationTokenSource source, CancellationTokenRegistration hostRegistration,
        long startTimestamp, TimeSpan timeout)
    {
        _pool = pool;
        _source = source;
        _hostRegistration = hostRegistration;
        _startTimestamp = startTimestamp;
        _timeout = timeout;
    }

    public CancellationToken Token => _source.Token;

    /// <summary>True once the deadline (or the host token) fired; callers check the host token first.</summary>
    public bool HasFired => _source.IsCancellationRequested;

    /// <summary>Ends the deadline; call exactly once, after the last operation that used <see cref="Token"/>.</summary>
    public void Release() => _pool.Return(_source, _hostRegistration, _startTimestamp, _timeout);
}
