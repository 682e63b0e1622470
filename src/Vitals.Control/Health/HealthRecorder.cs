using System.Threading.Channels;
using Vitals.Storage;

namespace Vitals.Control.Health;

/// <summary>
/// Writes the engine's verdicts to the store from one background loop: transitions and latest states are queued and
/// written in batches (every <see cref="FlushInterval"/>, up to <see cref="MaxBatch"/> rows a transaction), so a burst
/// of 10,000 transitions costs a few transactions, not 10,000. What is queued at shutdown is written before it ends.
/// </summary>
internal sealed partial class HealthRecorder(IStore store, TimeProvider time, ILogger<HealthRecorder> logger)
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    public const int MaxBatch = 5000;

    private readonly Channel<(MemberHealth State, MemberTransition Transition)> _queue =
        Channel.CreateUnbounded<(MemberHealth, MemberTransition)>(); // not SingleReader: that variant cannot count

    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = RunAsync();

    /// <summary>Queues one transition and the state it leads to; never blocks.</summary>
    public void Enqueue(MemberHealth state, MemberTransition transition) => _queue.Writer.TryWrite((state, transition));

    /// <summary>Writes what is queued, then <paramref name="finalStates"/>, and stops.</summary>
    public async Task StopAsync(IReadOnlyList<MemberHealth> finalStates, CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (finalStates.Count > 0)
        {
            await WriteAsync(finalStates, new List<MemberTransition>(), cancellationToken);
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var states = new Dictionary<string, MemberHealth>(StringComparer.Ordinal);
        var transitions = new List<MemberTransition>();
        while (await reader.WaitToReadAsync())
        {
            // Let a burst gather into one transaction (at shutdown this costs one interval at most).
            if (reader.Count < MaxBatch)
            {
                await Task.Delay(FlushInterval, time);
            }

            while (transitions.Count < MaxBatch && reader.TryRead(out var item))
            {
                states[item.State.MemberId] = item.State; // the newest state of a member wins
                transitions.Add(item.Transition);
            }

            await WriteAsync([.. states.Values], transitions, CancellationToken.None);
            states.Clear();
            transitions.Clear();
        }
    }

    private async Task WriteAsync(IReadOnlyList<MemberHealth> states, List<MemberTransition> transitions,
        CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveHealthBatchAsync(states, transitions, cancellationToken);
        }
#pragma warning disable CA1031 // a failed write loses that batch (logged); recording must go on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.WriteFailed(logger, states.Count, transitions.Count, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, EventName = "HealthWriteFailed", Level = LogLevel.Error,
            Message = "Could not save {States} member states and {Transitions} transitions")]
        public static partial void WriteFailed(ILogger logger, int states, int transitions, Exception exception);
    }
}
