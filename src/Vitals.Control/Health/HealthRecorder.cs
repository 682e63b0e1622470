using System.Threading.Channels;
using Vitals.Storage;

namespace Vitals.Control.Health;

/// <summary>
/// Writes the engine's verdicts to the store from one background loop: transitions and latest states are queued and
/// written in batches (every <see cref="FlushInterval"/>, up to <see cref="MaxBatch"/> rows a transaction), so a burst
/// of 10,000 transitions costs a few transactions, not 10,000. What is queued at shutdown is written before it ends.
/// When the storage is unavailable (disk full, read-only, locked) the batch is kept, newer states of the same members
/// replacing older ones, and tried again with a growing delay; the engine never sees the failure. The notifications a
/// transition gives (<see cref="Notifications.NotificationDesk"/>) travel with it and enter the outbox in the same
/// transaction, so a transition is never recorded without them nor they without it.
/// </summary>
internal sealed partial class HealthRecorder(IStore store, TimeProvider time, ILogger<HealthRecorder> logger)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    public const int MaxBatch = 5000;

    /// <summary>The first wait before a batch the storage refused is tried again; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan MinRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between tries while the storage stays unavailable.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(); // not SingleReader: that variant cannot count

    private Task _loop = Task.CompletedTask;

    /// <summary>Called after a batch with notifications committed (one listener: the delivery worker, which wakes up).</summary>
    public Action? NotificationsWritten { get; set; }

    public void Start() => _loop = RunAsync();

    /// <summary>Queues one transition and the state it leads to, with the notifications it gave; never blocks.</summary>
    public void Enqueue(MemberHealth state, MemberTransition transition, IReadOnlyList<OutboxEvent>? notifications = null) =>
        _queue.Writer.TryWrite(new Entry(state, transition, notifications));

    /// <summary>Queues notifications that come from no transition of their own (a grouping window's end, a panic).</summary>
    public void Enqueue(IReadOnlyList<OutboxEvent> notifications) => _queue.Writer.TryWrite(new Entry(null, null, notifications));

    /// <summary>Writes what is queued, then <paramref name="finalStates"/>, and stops.</summary>
    public async Task StopAsync(IReadOnlyList<MemberHealth> finalStates, CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (finalStates.Count > 0)
        {
            await WriteAsync(finalStates, new List<MemberTransition>(), [], cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var states = new Dictionary<string, MemberHealth>(StringComparer.Ordinal);
        var transitions = new List<MemberTransition>();
        var notifications = new List<OutboxEvent>();
        var retryDelay = TimeSpan.Zero;
        while (states.Count > 0 || notifications.Count > 0 || await reader.WaitToReadAsync())
        {
            // Let a burst gather into one transaction (at shutdown this costs one interval at most); after a storage
            // failure, wait before trying the same rows again.
            if (retryDelay > TimeSpan.Zero)
            {
                await Task.Delay(retryDelay, time);
            }
            else if (reader.Count < MaxBatch)
            {
                await Task.Delay(FlushInterval, time);
            }

            while (transitions.Count + notifications.Count < MaxBatch && reader.TryRead(out var item))
            {
                if (item.State is { } state)
                {
                    states[state.MemberId] = state; // the newest state of a member wins
                    transitions.Add(item.Transition!);
                }

                if (item.Notifications is { } some)
                {
                    notifications.AddRange(some);
                }
            }

            if (await WriteAsync([.. states.Values], transitions, notifications, CancellationToken.None) is not WriteOutcome.Retry)
            {
                states.Clear();
                transitions.Clear();
                notifications.Clear();
                retryDelay = TimeSpan.Zero;
            }
            else if (reader.Completion.IsCompleted)
            {
                // Stopping and the storage still fails: what is held cannot be written (logged with the cause).
                Log.Dropped(logger, states.Count, transitions.Count, notifications.Count);
                states.Clear();
                transitions.Clear();
                notifications.Clear();
            }
            else
            {
                retryDelay = retryDelay == TimeSpan.Zero ? MinRetryDelay : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
                Log.WillRetry(logger, states.Count, transitions.Count, retryDelay);
            }
        }
    }

    private async Task<WriteOutcome> WriteAsync(IReadOnlyList<MemberHealth> states, List<MemberTransition> transitions,
        List<OutboxEvent> notifications, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveHealthBatchAsync(states, transitions, notifications, cancellationToken);
            if (notifications.Count > 0)
            {
                NotificationsWritten?.Invoke();
            }

            return WriteOutcome.Written;
        }
        catch (StorageUnavailableException ex)
        {
            // Disk full, read-only, locked: nothing was written (one transaction) and it may work later.
            Log.WriteUnavailable(logger, states.Count, transitions.Count, ex.Cause, ex);
            return WriteOutcome.Retry;
        }
#pragma warning disable CA1031 // a failed write loses that batch (logged); recording must go on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.WriteFailed(logger, states.Count, transitions.Count, ex);
            return WriteOutcome.Lost;
        }
    }

    /// <summary>A transition with its state and notifications, or notifications alone.</summary>
    private readonly record struct Entry(MemberHealth? State, MemberTransition? Transition, IReadOnlyList<OutboxEvent>? Notifications);

    private enum WriteOutcome
    {
        Written,
        Retry,
        Lost,
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, EventName = "HealthWriteFailed", Level = LogLevel.Error,
            Message = "Could not save {States} member states and {Transitions} transitions")]
        public static partial void WriteFailed(ILogger logger, int states, int transitions, Exception exception);

        [LoggerMessage(EventId = 4115, EventName = "HealthWriteUnavailable", Level = LogLevel.Error,
            Message = "Could not save {States} member states and {Transitions} transitions: storage unavailable ({Cause})")]
        public static partial void WriteUnavailable(ILogger logger, int states, int transitions, string cause, Exception exception);

        [LoggerMessage(EventId = 4116, EventName = "HealthWriteRetry", Level = LogLevel.Warning,
            Message = "Holding {States} member states and {Transitions} transitions; trying again in {Delay}")]
        public static partial void WillRetry(ILogger logger, int states, int transitions, TimeSpan delay);

        [LoggerMessage(EventId = 4117, EventName = "HealthWriteDropped", Level = LogLevel.Error,
            Message = "Stopping with the storage unavailable: {States} member states, {Transitions} transitions and {Notifications} notifications were not saved")]
        public static partial void Dropped(ILogger logger, int states, int transitions, int notifications);
    }
}
