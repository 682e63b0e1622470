using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Vitals.Storage;

namespace Vitals.Control.Access;

/// <summary>
/// The door to named project tokens: create, list, revoke, rotate, and the check of a presented bearer token. Valid
/// tokens are cached by hash so that a request costs no store read; every way a token stops being valid takes it out
/// of the cache at once: a revoke or rotate here, the same made on another node (<see cref="Forget"/> from the change
/// follower), and an expiry, which needs no write because it is checked against the clock on every request.
/// </summary>
/// <remarks>
/// Last-used times are written at most once per <see cref="TouchInterval"/> per token and node, not once per request.
/// A cache fill races a forget: the entry is added, then dropped again if a forget ran since the store was read, so a
/// token revoked while its first request was in flight is never cached as valid.
/// </remarks>
public sealed partial class TokenService : IDisposable
{
    /// <summary>How often a token's last-used time is written at most (per node).</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private readonly IStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<TokenService> _logger;
    private readonly ConcurrentDictionary<string, CachedToken> _byHash = new(StringComparer.Ordinal);
    private long _generation;
    private CancellationTokenSource _forgetting = new();

    public TokenService(IStore store, TimeProvider time, ILogger<TokenService> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>A new bearer token: 32 random bytes, URL-safe, with a readable prefix so that leaked tokens are recognisable.</summary>
    public static string NewSecret() => "vt_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The valid (not revoked, not expired) token <paramref name="secret"/> is; null for any other.</summary>
    public async ValueTask<ProjectToken?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var hash = TokenHash.Compute(secret);
        var now = _time.GetUtcNow();
        if (!_byHash.TryGetValue(hash, out var cached))
        {
            var generation = Interlocked.Read(ref _generation);
            var stored = await _store.FindTokenAsync(hash, cancellationToken);
            if (stored is null || !stored.IsValidAt(now))
            {
                return null;
            }

            cached = _byHash.GetOrAdd(hash, new CachedToken(stored));
            if (Interlocked.Read(ref _generation) != generation)
            {
                // A forget ran while the store was read: what was read may be stale, so it is not kept.
                _byHash.TryRemove(KeyValuePair.Create(hash, cached));
            }
        }

        if (!cached.Token.IsValidAt(now))
        {
            _byHash.TryRemove(KeyValuePair.Create(hash, cached));
            return null;
        }

        if (cached.ClaimTouch(now))
        {
            await TouchAsync(cached.Token, now, cancellationToken);
        }

        return cached.Token;
    }

    /// <summary>Creates a named token in the project; the secret is in the answer only.</summary>
    public async Task<StoreResult<IssuedToken>> CreateAsync(string projectId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(name);
        var secret = NewSecret();
        var created = await _store.CreateTokenAsync(
            new ProjectToken { ProjectId = projectId, Name = name, Hash = TokenHash.Compute(secret), ExpiresAt = expiresAt }, cancellationToken);
        return created.IsOk ? StoreResult<IssuedToken>.Ok(new IssuedToken(created.Value!, secret)) : Failed<ProjectToken, IssuedToken>(created);
    }

    /// <summary>The project's tokens, revoked and expired ones included, in creation order.</summary>
    public Task<IReadOnlyList<ProjectToken>> ListAsync(string projectId, CancellationToken cancellationToken) =>
        _store.ListTokensAsync(projectId, cancellationToken);

    /// <summary>Revokes a token of the project: refused from the next request on, on this node and (through the feed) on every other.</summary>
    public async Task<StoreResult<ProjectToken>> RevokeAsync(string projectId, long id, CancellationToken cancellationToken)
    {
        var revoked = await _store.RevokeTokenAsync(projectId, id, cancellationToken);
        Forget(id);
        return revoked;
    }

    /// <summary>Gives a token of the project a new secret; the old one is refused at once (no overlap).</summary>
    public async Task<StoreResult<IssuedToken>> RotateAsync(string projectId, long id, CancellationToken cancellationToken)
    {
        var secret = NewSecret();
        var rotated = await _store.RotateTokenAsync(projectId, id, TokenHash.Compute(secret), cancellationToken);
        Forget(id);
        return rotated.IsOk ? StoreResult<IssuedToken>.Ok(new IssuedToken(rotated.Value!, secret)) : Failed<ProjectToken, IssuedToken>(rotated);
    }

    /// <summary>
    /// Cancelled as soon as tokens are dropped from the cache (revoked or rotated here or on another node, or a reload
    /// after missed changes): whoever holds a long-lived request opened with a token (the event stream) checks it again
    /// then. Each signal fires once; read the property again for the next one.
    /// </summary>
    public CancellationToken ForgetSignal => Volatile.Read(ref _forgetting).Token;

    /// <summary>Drops token <paramref name="id"/> from the cache (it was revoked or rotated, here or on another node).</summary>
    public void Forget(long id)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, cached) in _byHash)
        {
            if (cached.Token.Id == id)
            {
                _byHash.TryRemove(KeyValuePair.Create(hash, cached));
            }
        }

        SignalForget();
    }

    /// <summary>Drops every cached token (this node missed changes and cannot tell which).</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _byHash.Clear();
        SignalForget();
    }

    public void Dispose() => Volatile.Read(ref _forgetting).Dispose();

    private void SignalForget()
    {
        // The spent source is not disposed: tokens handed out may still be read (a source without a timer holds nothing).
        Interlocked.Exchange(ref _forgetting, new CancellationTokenSource()).Cancel();
    }

    private async Task TouchAsync(ProjectToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _store.TouchTokenAsync(token.Id, now, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a last-used time that could not be written must not refuse a valid token: logged, retried a minute later
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.TouchFailed(_logger, exception, token.Id);
        }
    }

    private static StoreResult<TOut> Failed<TIn, TOut>(StoreResult<TIn> result) => result.Outcome == StoreOutcome.Conflict
        ? StoreResult<TOut>.Conflict(result.Field ?? "id", result.Message ?? "conflict")
        : StoreResult<TOut>.NotFound(result.Field, result.Message);

    /// <summary>A valid token as cached, and when this node last wrote its last-used time.</summary>
    private sealed class CachedToken(ProjectToken token)
    {
        // Unix milliseconds of the last write (or of the stored last-used time): compared with a stored instant.
        private long _touchedAt = token.LastUsedAt?.ToUnixTimeMilliseconds() ?? long.MinValue;

        public ProjectToken Token { get; } = token;

        /// <summary>True for the one request that should write the last-used time now.</summary>
        public bool ClaimTouch(DateTimeOffset now)
        {
            var last = Interlocked.Read(ref _touchedAt);
            var nowMs = now.ToUnixTimeMilliseconds();
            return (last == long.MinValue || nowMs - last >= (long)TouchInterval.TotalMilliseconds)
                && Interlocked.CompareExchange(ref _touchedAt, nowMs, last) == last;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4420, EventName = "TokenTouchFailed", Level = LogLevel.Warning,
            Message = "Could not record the last use of token {TokenId}; the request goes on")]
        public static partial void TouchFailed(ILogger logger, Exception exception, long tokenId);
    }
}
