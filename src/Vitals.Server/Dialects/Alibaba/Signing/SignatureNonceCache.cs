namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// Remembers the signature nonces each AccessKey used recently, so a captured request cannot be replayed
/// (<c>SignatureNonceUsed</c>). Bounded in time (a nonce is kept for twice the clock-skew window: the longest a
/// replay could still pass the timestamp check) and in size per key (the oldest nonce is dropped first).
/// Only record nonces of requests whose signature checked out, so strangers cannot fill a key's memory.
/// </summary>
internal sealed class SignatureNonceCache
{
    private const int SweepEvery = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeyNonces> _byKey = new(StringComparer.Ordinal);
    private readonly TimeSpan _retention;
    private readonly int _maxPerKey;
    private int _sinceSweep;

    public SignatureNonceCache(TimeSpan retention, int maxPerKey)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerKey, 1);
        _retention = retention;
        _maxPerKey = maxPerKey;
    }

    public static SignatureNonceCache For(AlibabaSignatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SignatureNonceCache(options.MaxClockSkew * 2, options.MaxNoncesPerKey);
    }

    /// <summary>Nonces currently remembered for <paramref name="accessKeyId"/>.</summary>
    public int Count(string accessKeyId)
    {
        lock (_lock)
        {
            return _byKey.TryGetValue(accessKeyId, out var nonces) ? nonces.Seen.Count : 0;
        }
    }

    /// <returns>True when the nonce is new for this key (and is now remembered); false for a replay.</returns>
    public bool TryUse(string accessKeyId, string nonce, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(accessKeyId);
        ArgumentNullException.ThrowIfNull(nonce);
        lock (_lock)
        {
            if (++_sinceSweep >= SweepEvery)
            {
                _sinceSweep = 0;
                SweepNeedsLock(now);
            }

            if (!_byKey.TryGetValue(accessKeyId, out var nonces))
            {
                nonces = new KeyNonces();
                _byKey[accessKeyId] = nonces;
            }

            nonces.Expire(now);
            if (nonces.Seen.Contains(nonce))
            {
                return false;
            }

            while (nonces.Seen.Count >= _maxPerKey)
            {
                nonces.Seen.Remove(nonces.Order.Dequeue().Nonce);
            }

            nonces.Seen.Add(nonce);
            nonces.Order.Enqueue((nonce, now + _retention));
            return true;
        }
    }

    private void SweepNeedsLock(DateTimeOffset now)
    {
        List<string>? empty = null;
        foreach (var (key, nonces) in _byKey)
        {
            nonces.Expire(now);
            if (nonces.Seen.Count == 0)
            {
                (empty ??= []).Add(key);
            }
        }

        if (empty is not null)
        {
            foreach (var key in empty)
            {
                _byKey.Remove(key);
            }
        }
    }

    private sealed class KeyNonces
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        // Insertion order; expiry is insertion time + a fixed retention, so the head always expires first.
        public Queue<(string Nonce, DateTimeOffset ExpiresAt)> Order { get; } = new();

        public void Expire(DateTimeOffset now)
        {
            while (Order.Count > 0 && Order.Peek().ExpiresAt <= now)
            {
                Seen.Remove(Order.Dequeue().Nonce);
            }
        }
    }
}
