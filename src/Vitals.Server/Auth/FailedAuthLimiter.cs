using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Vitals.Server.Auth;

/// <summary>
/// Slows down credential guessing: a bucket of <see cref="FailedAuthOptions.Burst"/> permits per source address (IPv6
/// per /64) that only failed authentications draw from. While a source's bucket is empty every request it makes is
/// refused (429, in the caller's dialect) before its credential is even looked at; successful requests never take a permit.
/// </summary>
/// <remarks>
/// Each bucket is a <see cref="ConcurrencyLimiter"/> whose leases a failure keeps; one <see cref="TimeProvider"/> timer
/// gives one lease back per source every <see cref="FailedAuthOptions.RefillPeriod"/> (a token bucket whose clock is
/// ours: the library's <see cref="TokenBucketRateLimiter"/> refills by Stopwatch time even when replenished by hand, which
/// tests could not drive) and forgets the buckets that are full again, so memory follows the sources failing now.
/// The source is the connection's peer address: a reverse proxy in front of Vitals makes all its clients one source
/// (X-Forwarded-For is not trusted).
/// </remarks>
public sealed partial class FailedAuthLimiter : IDisposable
{
    private static readonly AuthSurface[] Surfaces = Enum.GetValues<AuthSurface>();

    private readonly ConcurrentDictionary<IPAddress, SourceBucket> _buckets = new();
    private readonly FailedAuthOptions _options;
    private readonly long[] _failures = new long[Surfaces.Length];
    private readonly long[] _throttled = new long[Surfaces.Length];
    private readonly ITimer _refill;
    private readonly ILogger<FailedAuthLimiter> _logger;

    public FailedAuthLimiter(IOptions<VitalsServerOptions> options, TimeProvider time, ILogger<FailedAuthLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value.FailedAuth;
        _logger = logger;
        _refill = time.CreateTimer(static state => ((FailedAuthLimiter)state!).Refill(), this, _options.RefillPeriod, _options.RefillPeriod);
    }

    /// <summary>Retry-After in whole seconds (at least 1): when a throttled source earns its next attempt.</summary>
    public string RetryAfterSeconds =>
        Math.Max(1, (long)Math.Ceiling(_options.RefillPeriod.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Failed authentications counted since start on <paramref name="surface"/>.</summary>
    public long FailuresOf(AuthSurface surface) => Interlocked.Read(ref _failures[(int)surface]);

    /// <summary>Requests refused with 429 since start on <paramref name="surface"/>.</summary>
    public long ThrottledOf(AuthSurface surface) => Interlocked.Read(ref _throttled[(int)surface]);

    /// <summary>
    /// Whether the request's source has used up its failures: then the caller answers 429 (with <see cref="RetryAfterSeconds"/>)
    /// without checking the credential. Counts the refusal.
    /// </summary>
    public bool IsThrottled(HttpContext context, AuthSurface surface)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_buckets.TryGetValue(SourceOf(context), out var bucket) || bucket.Available > 0)
        {
            return false;
        }

        Interlocked.Increment(ref _throttled[(int)surface]);
        return true;
    }

    /// <summary>Records a failed authentication (a credential given and refused) from the request's source.</summary>
    public void Failed(HttpContext context, AuthSurface surface)
    {
        ArgumentNullException.ThrowIfNull(context);
        Interlocked.Increment(ref _failures[(int)surface]);
        var source = SourceOf(context);
        if (!_buckets.TryGetValue(source, out var bucket))
        {
            if (_buckets.Count >= _options.MaxSources)
            {
                return; // fail open for new sources rather than grow without bound; the full buckets are forgotten soon
            }

            bucket = _buckets.GetOrAdd(source, static (_, burst) => new SourceBucket(burst), _options.Burst);
        }

        if (bucket.TryTake() && bucket.Available == 0)
        {
            Log.Throttling(_logger, source, surface, _options.Burst);
        }
    }

    public void Dispose()
    {
        _refill.Dispose();
        foreach (var bucket in _buckets.Values)
        {
            bucket.Dispose();
        }
    }

    /// <summary>
    /// The bucket key: the peer address, IPv4-mapped IPv6 as IPv4, other IPv6 addresses by /64 (one host usually owns
    /// a whole /64, so counting single addresses would let it rotate through them). No address (a test server): one key.
    /// </summary>
    internal static IPAddress SourceOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    private void Refill()
    {
        foreach (var (source, bucket) in _buckets)
        {
            // A full bucket is the same as none. A failure racing this removal lands on the dropped bucket and is lost:
            // one failure out of a full burst, which is harmless.
            if (bucket.GiveBack())
            {
                _buckets.TryRemove(source, out _);
            }
        }
    }

    /// <summary>One source's permits: a limiter without a clock, and the leases its failures hold.</summary>
    private sealed class SourceBucket(int burst) : IDisposable
    {
        private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions { PermitLimit = burst, QueueLimit = 0 });
        private readonly ConcurrentQueue<RateLimitLease> _held = new();

        public long Available => _limiter.GetStatistics()!.CurrentAvailablePermits;

        /// <summary>Takes a permit for a failure; false when none was left.</summary>
        public bool TryTake()
        {
            var lease = _limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                return false;
            }

            _held.Enqueue(lease);
            return true;
        }

        /// <summary>Returns one permit; true when the bucket is full afterwards.</summary>
        public bool GiveBack()
        {
            if (_held.TryDequeue(out var lease))
            {
                lease.Dispose();
            }

            return _held.IsEmpty;
        }

        public void Dispose()
        {
            while (_held.TryDequeue(out var lease))
            {
                lease.Dispose();
            }

            _limiter.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4610, EventName = "FailedAuthThrottled", Level = LogLevel.Warning,
            Message = "{Source} made {Burst} failed authentications ({Surface}): its requests are refused with 429 until it earns more")]
        public static partial void Throttling(ILogger logger, IPAddress source, AuthSurface surface, int burst);
    }
}
