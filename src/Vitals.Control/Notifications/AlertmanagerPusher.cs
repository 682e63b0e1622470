using System.Collections.Concurrent;
using Vitals.Control.Health;
using Vitals.Control.Targets;
using Vitals.Control.Traffic;

namespace Vitals.Control.Notifications;

/// <summary>
/// Pushes the alerts of every member out of rotation (and of every pool in panic) to Alertmanager
/// (docs/notifications.md, "Alertmanager"). The rotation book says which pools changed, so a new failure or a recovery
/// goes out within <see cref="MinimumGap"/> plus one POST; every <see cref="AlertmanagerOptions.Interval"/> all firing
/// alerts are sent again (Alertmanager resolves an alert nobody re-sends), and a pool that changed without being
/// noticed is caught up. A member that recovers, is drained or switched off, or is deleted is sent once more with
/// <c>endsAt</c> and then forgotten. Only this loop touches the alert state; a failing Alertmanager delays only it.
/// </summary>
internal sealed partial class AlertmanagerPusher : IHostedService, IAsyncDisposable
{
    /// <summary>The least time between two rounds of changed pools: a flapping fleet costs one round per gap.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(200);

    /// <summary>Rounds a resolved alert is sent again while some Alertmanager refuses it.</summary>
    private const int ResolvedRounds = 3;

    private readonly RotationBook _book;
    private readonly AlertmanagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertmanagerPusher> _logger;
    private readonly HttpClient _client;
    private readonly Uri[] _endpoints;
    private readonly bool?[] _healthy;
    private readonly string _urlList;
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ProjectScope _scope;
    private readonly Action<string> _watcher;

    // Loop-only state: the alerts firing by key, the keys of each pool, resolved alerts still to send.
    private readonly Dictionary<string, AlertmanagerAlert> _firing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _keysOfPool = new(StringComparer.Ordinal);
    private readonly List<(AlertmanagerAlert Alert, int Rounds)> _resolved = [];

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private long _sent;
    private long _errors;
    private int _disposed;

    public AlertmanagerPusher(RotationBook book, AlertmanagerOptions options, TargetGuard targets, TimeProvider time,
        ILogger<AlertmanagerPusher> logger)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(targets);
        AlertmanagerOptions.Validate(options);
        _book = book;
        _options = options;
        _time = time;
        _logger = logger;
        // The URL is the operator's, but it is still reached only where the target policy allows, checked on each
        // connection; no proxy, no redirects.
        _client = new HttpClient(targets.CreateHandler(options.Timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _endpoints = [.. options.Urls.Select(AlertmanagerUrls.AlertsEndpoint)];
        _healthy = new bool?[_endpoints.Length];
        _urlList = string.Join(", ", _endpoints.Select(static e => e.ToString()));
        _scope = options.ProjectId is { } projectId ? ProjectScope.Of(projectId) : ProjectScope.All;
        _watcher = poolId =>
        {
            _changed.TryAdd(poolId, 0);
            Volatile.Read(ref _wake).TrySetResult();
        };
        book.Watch(_watcher);
    }

    /// <summary>Alerts accepted by an Alertmanager (each alert once per Alertmanager that took it).</summary>
    public long AlertsSent => Interlocked.Read(ref _sent);

    /// <summary>POST attempts that failed (refused, timed out, or answered other than 2xx).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= RunAsync(_stopping.Token);
        Log.Started(_logger, _endpoints.Length, _urlList, _options.Interval.TotalSeconds);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _book.Unwatch(_watcher);
        _stopping.Dispose();
        _client.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PushAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A bug must not end the push for the life of the process: say so, and start over with a full round.
                Log.RoundFailed(_logger, ex);
                await Task.Delay(MinimumGap, _time, cancellationToken);
            }
        }
    }

    private async Task PushAsync(CancellationToken cancellationToken)
    {
        // A full round first: after a start (or a failed round) every firing alert goes out at once.
        var resendAt = 0L;
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = first ? TimeSpan.Zero : _options.Interval - _time.GetElapsedTime(resendAt);
            if (wait <= TimeSpan.Zero)
            {
                first = false;
                // Every round: all pools again, every firing alert, and what is left to resolve.
                resendAt = _time.GetTimestamp();
                _changed.Clear();
                Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                ScanAll();
                await SendAsync([.. _firing.Values], cancellationToken);
                continue;
            }

            try
            {
                await Volatile.Read(ref _wake).Task.WaitAsync(wait, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                continue;
            }

            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var fresh = new List<AlertmanagerAlert>();
            foreach (var poolId in _changed.Keys)
            {
                _changed.TryRemove(poolId, out _);
                Rescan(poolId, fresh);
            }

            if (fresh.Count > 0 || _resolved.Count > 0)
            {
                await SendAsync(fresh, cancellationToken);
            }

            await Task.Delay(MinimumGap, _time, cancellationToken);
        }
    }

    /// <summary>Every pool the book knows, and every pool that still has alerts (a deleted pool resolves them).</summary>
    private void ScanAll()
    {
        var pools = new HashSet<string>(_book.Pools(_scope), StringComparer.Ordinal);
        pools.UnionWith(_keysOfPool.Keys);
        foreach (var poolId in pools)
        {
            Rescan(poolId, null);
        }
    }

    /// <summary>
    /// Decides the pool's alerts again: new or changed ones go to <paramref name="fresh"/> (when given), vanished ones (and
    /// the old identity of a changed one) to the resolved list.
    /// </summary>
    private void Rescan(string poolId, List<AlertmanagerAlert>? fresh)
    {
        var now = _time.GetUtcNow();
        var current = new Dictionary<string, AlertmanagerAlert>(StringComparer.Ordinal);
        if (_book.GetPool(_scope, poolId) is { } pool)
        {
            AlertmanagerAlerts.Collect(pool, _options.PublicUrl, now, current);
        }

        if (_keysOfPool.TryGetValue(poolId, out var before))
        {
            foreach (var key in before)
            {
                if (!current.ContainsKey(key) && _firing.Remove(key, out var gone))
                {
                    Resolve(gone, now);
                }
            }
        }

        foreach (var (key, alert) in current)
        {
            var firing = alert;
            if (_firing.TryGetValue(key, out var was))
            {
                if (was.SameIdentity(alert))
                {
                    // The same alert: it keeps the start Alertmanager already knows (a panic's is when it was first seen).
                    firing = alert with { StartsAt = was.StartsAt };
                    if (firing.Annotations.Count == was.Annotations.Count && firing.Annotations.All(a =>
                        was.Annotations.TryGetValue(a.Key, out var v) && string.Equals(v, a.Value, StringComparison.Ordinal)))
                    {
                        _firing[key] = firing;
                        continue;
                    }
                }
                else
                {
                    Resolve(was, now);
                }
            }

            // Firing again with the same labels: a resolution still waiting would only confuse the order.
            _resolved.RemoveAll(r => r.Alert.SameIdentity(firing));
            _firing[key] = firing;
            fresh?.Add(firing);
        }

        if (current.Count == 0)
        {
            _keysOfPool.Remove(poolId);
        }
        else
        {
            _keysOfPool[poolId] = [.. current.Keys];
        }
    }

    private void Resolve(AlertmanagerAlert alert, DateTimeOffset now) => _resolved.Add((alert with { EndsAt = now }, 0));
}
