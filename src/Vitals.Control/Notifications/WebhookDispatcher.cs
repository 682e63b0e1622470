using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Vitals.Control.Health;
using Vitals.Control.Targets;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Notifications;

/// <summary>
/// Sends the outbox (docs/notifications.md, "Delivery"): at least once, each webhook's deliveries one at a time in the
/// order they entered it, every POST signed at the moment it is sent. An attempt is one POST with two quick retries
/// (Polly: exponential backoff with jitter, a timeout per try); a failed attempt leaves the delivery pending, and the
/// webhook's later ones behind it, until its next attempt, due after a doubling delay with jitter, for at most
/// <see cref="NotificationOptions.RetryFor"/>: then the delivery is dead and the next one goes. Woken when the recorder
/// commits notifications, and at least every second for retries and for rows written elsewhere; only on the node
/// that holds the <see cref="INotifierLease"/>. Every URL is connected to through the target policy.
/// </summary>
internal sealed partial class WebhookDispatcher : IHostedService, IAsyncDisposable
{
    /// <summary>Deliveries of one webhook read at once.</summary>
    public const int BatchSize = 100;

    /// <summary>Attempts recorded in one transaction while a webhook's backlog drains.</summary>
    public const int RecordEvery = 50;

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    /// <summary>How long a switched-off webhook's pending deliveries are left alone before it is read again.</summary>
    private static readonly TimeSpan SwitchedOffRecheck = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly IStore _store;
    private readonly TimeProvider _time;
    private readonly NotificationOptions _options;
    private readonly INotifierLease _lease;
    private readonly HealthRecorder _recorder;
    private readonly ILogger<WebhookDispatcher> _logger;
    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ConcurrentDictionary<string, Task> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, WebhookCounters> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _switchedOff = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private Task? _woken;
    private long _lastPrune;
    private int _disposed;

    public WebhookDispatcher(IStore store, TargetGuard targets, TimeProvider time, NotificationOptions options, INotifierLease lease,
        HealthRecorder recorder, ILogger<WebhookDispatcher> logger)
    {
        _store = store;
        _time = time;
        _options = options;
        _lease = lease;
        _recorder = recorder;
        _logger = logger;
        _client = new HttpClient(targets.CreateHandler(options.Timeout)) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(static r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
            })
            .AddTimeout(options.Timeout)
            .Build();
        recorder.NotificationsWritten = Wake;
    }

    /// <summary>What this node sent for each webhook the scope sees, since start.</summary>
    public List<WebhookCounters> Counters(Health.ProjectScope scope)
    {
        var list = new List<WebhookCounters>();
        foreach (var counters in _counters.Values)
        {
            if (scope.Sees(counters.ProjectId))
            {
                list.Add(counters);
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.WebhookId, b.WebhookId));
        return list;
    }

    /// <summary>Looks at the outbox now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already awake
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
        await Task.WhenAll(_lanes.Values);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _recorder.NotificationsWritten = null;
        _client.Dispose();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var wait = Poll;
            if (_lease.IsHeld)
            {
                try
                {
                    wait = await DispatchAsync(stopping);
                    await PruneAsync(stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // the worker outlives a failed read: logged, tried again at the next poll
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.ReadFailed(_logger, ex);
                }
            }

            try
            {
                // One wait on the semaphore at a time, kept across polls: a wait left behind when the poll's delay won
                // would take the next Wake's release, and the loop would sleep until the next poll instead.
                _woken ??= _wake.WaitAsync(stopping);
                await Task.WhenAny(_woken, Task.Delay(wait, _time, stopping));
                if (_woken.IsCompleted)
                {
                    await _woken;
                    _woken = null;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts a lane for every webhook whose first pending delivery is due; returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> DispatchAsync(CancellationToken stopping)
    {
        var queues = await _store.ListPendingQueuesAsync(stopping);
        var now = _time.GetUtcNow();
        var wait = Poll;
        foreach (var queue in queues)
        {
            if (_lanes.ContainsKey(queue.WebhookId))
            {
                continue;
            }

            if (_switchedOff.TryGetValue(queue.WebhookId, out var until) && until > now)
            {
                continue; // switched off: its deliveries wait; looked at again now and then, not at every poll
            }

            if (queue.HeadDueAt > now)
            {
                wait = Min(wait, queue.HeadDueAt - now);
                continue;
            }

            if (_lanes.Count >= _options.Parallelism)
            {
                break;
            }

            // Registered before it runs, so that the lane's own removal (in its finally) always follows.
            var lane = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _lanes[queue.WebhookId] = lane.Task;
            _ = DrainAsync(queue, lane, stopping);
        }

        return wait;
    }

    /// <summary>Sends one webhook's due deliveries in order, until one fails or none is left.</summary>
    private async Task DrainAsync(PendingQueue queue, TaskCompletionSource lane, CancellationToken stopping)
    {
        await Task.Yield(); // the dispatch loop goes on starting the other lanes
        var attempts = new List<DeliveryAttempt>();
        try
        {
            var webhook = await _store.GetWebhookAsync(queue.ProjectId, queue.WebhookId, stopping);
            if (webhook is null || !webhook.AdminStateUp)
            {
                // Deleted (its deliveries went with it) or switched off: they wait.
                _switchedOff[queue.WebhookId] = _time.GetUtcNow() + SwitchedOffRecheck;
                return;
            }

            _switchedOff.TryRemove(queue.WebhookId, out _);

            var more = true;
            while (more && !stopping.IsCancellationRequested)
            {
                var batch = await _store.ListPendingDeliveriesAsync(webhook.Id, BatchSize, stopping);
                more = batch.Count == BatchSize;
                foreach (var delivery in batch)
                {
                    if (delivery.NextAttemptAt > _time.GetUtcNow())
                    {
                        more = false;
                        break; // the first one waits for its retry, and the others behind it
                    }

                    var attempt = await SendAsync(webhook, delivery, stopping);
                    attempts.Add(attempt);
                    _counters.GetOrAdd(webhook.Id, static (id, project) => new WebhookCounters(project, id), webhook.ProjectId)
                        .Count(attempt.Status, attempt.At - delivery.EventAt + TimeSpan.FromMilliseconds(attempt.DurationMs));
                    if (attempts.Count >= RecordEvery)
                    {
                        await RecordAsync(attempts);
                    }

                    if (attempt.Status == DeliveryStatus.Pending)
                    {
                        more = false;
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping: what was sent is recorded below; the rest is sent after the restart
        }
#pragma warning disable CA1031 // one webhook's trouble (its store read) must not stop the others
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.LaneFailed(_logger, queue.WebhookId, ex);
        }
        finally
        {
            await RecordAsync(attempts);
            _lanes.TryRemove(queue.WebhookId, out _);
            lane.SetResult();
            Wake();
        }
    }

    private async Task<DeliveryAttempt> SendAsync(Webhook webhook, WebhookDelivery delivery, CancellationToken stopping)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var at = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        int? statusCode = null;
        string? error;
        try
        {
            using var response = await _pipeline.ExecuteAsync(async token =>
            {
                using var request = Request(webhook, delivery, body);
                return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            }, stopping);
            statusCode = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : $"the receiver answered HTTP {statusCode}";
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException)
        {
            error = $"no answer within {_options.Timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException ex)
        {
            error = ex.InnerException is TargetRefusedException refused ? refused.Message : ex.Message;
        }

        var duration = (int)Math.Min(int.MaxValue, _time.GetElapsedTime(started).TotalMilliseconds);
        if (error is null)
        {
            return new DeliveryAttempt(delivery.Id, at, DeliveryStatus.Delivered, statusCode, null, duration, at);
        }

        var now = _time.GetUtcNow();
        var next = now + RetryDelay(delivery.Attempts + 1);
        var dead = next - delivery.CreatedAt > _options.RetryFor;
        Log.AttemptFailed(_logger, delivery.Id, webhook.Id, delivery.Attempts + 1, error, dead);
        return new DeliveryAttempt(delivery.Id, at, dead ? DeliveryStatus.Dead : DeliveryStatus.Pending, statusCode, error, duration, next);
    }

    /// <summary>Signed now: a receiver checks the timestamp against its clock, so a retry is signed afresh.</summary>
    private HttpRequestMessage Request(Webhook webhook, WebhookDelivery delivery, byte[] body)
    {
        var now = _time.GetUtcNow();
        var secrets = webhook.SigningSecrets(now);
        var keys = new byte[secrets.Count][];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Encoding.UTF8.GetBytes(secrets[i]);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Sign(keys, now.ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation(WebhookHeaders.EventId, delivery.EventId);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.EventType, delivery.Kind);
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Delivery, delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("User-Agent", WebhookHeaders.UserAgent);
        return request;
    }

    /// <summary>The wait after the <paramref name="attempt"/>-th failure: doubling from the minimum, capped, with "equal jitter" (half fixed, half random).</summary>
    private TimeSpan RetryDelay(int attempt)
    {
        var doubled = _options.MinRetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 40));
        var capped = Math.Min(doubled, _options.MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)(capped / 2 + (capped / 2 * Random.Shared.NextDouble())));
    }

    private async Task RecordAsync(List<DeliveryAttempt> attempts)
    {
        if (attempts.Count == 0)
        {
            return;
        }

        try
        {
            await _store.RecordDeliveryAttemptsAsync(attempts, CancellationToken.None);
        }
#pragma warning disable CA1031 // not recorded: those deliveries stay pending and are sent again (at least once)
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RecordFailed(_logger, attempts.Count, ex);
        }

        attempts.Clear();
    }

    private async Task PruneAsync(CancellationToken stopping)
    {
        var now = _time.GetTimestamp();
        if (_lastPrune != 0 && _time.GetElapsedTime(_lastPrune, now) < PruneEvery)
        {
            return;
        }

        _lastPrune = now;
        var pruned = await _store.PruneDeliveriesAsync(_time.GetUtcNow() - _options.Retention, stopping);
        if (pruned > 0)
        {
            Log.Pruned(_logger, pruned);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4952, EventName = "WebhookAttemptFailed", Level = LogLevel.Warning,
            Message = "Delivery {DeliveryId} to webhook {WebhookId} failed (attempt {Attempt}): {Error}; dead: {Dead}")]
        public static partial void AttemptFailed(ILogger logger, long deliveryId, string webhookId, int attempt, string error, bool dead);

        [LoggerMessage(EventId = 4953, EventName = "WebhookOutboxReadFailed", Level = LogLevel.Error,
            Message = "Could not read the notifications outbox; trying again")]
        public static partial void ReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4954, EventName = "WebhookLaneFailed", Level = LogLevel.Error,
            Message = "Sending to webhook {WebhookId} stopped; its deliveries stay pending")]
        public static partial void LaneFailed(ILogger logger, string webhookId, Exception exception);

        [LoggerMessage(EventId = 4955, EventName = "WebhookRecordFailed", Level = LogLevel.Error,
            Message = "Could not record {Count} delivery attempts; those deliveries will be sent again")]
        public static partial void RecordFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(EventId = 4956, EventName = "WebhookDeliveriesPruned", Level = LogLevel.Information,
            Message = "Deleted {Count} delivered or dead deliveries past their retention")]
        public static partial void Pruned(ILogger logger, int count);
    }
}
