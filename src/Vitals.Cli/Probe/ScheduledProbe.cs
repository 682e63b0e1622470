using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vitals.Cli.Logging;
using Vitals.Cli.Output;
using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Engine;
using Vitals.Probes;
using Vitals.Server.Telemetry;

namespace Vitals.Cli.Probe;

/// <summary>
/// Checks many targets on schedule with the <see cref="HealthEngine"/>: rise/fall, each transition printed as it
/// happens, one JSON summary line at the end (after <c>--duration</c> or on Ctrl+C).
/// </summary>
internal static class ScheduledProbe
{
    public static async Task<int> RunAsync(HealthMonitorSpec spec, List<TargetAddress> targets, bool grpcTls,
        ScheduleSettings schedule, bool json, LogFormat logFormat, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var timeProvider = TimeProvider.System;
        // The command shows transitions, never a member's history: keep only the results a transition cites as
        // evidence (rise or fall of them), which is most of the memory per target at 100,000 targets.
        var engineOptions = new EngineOptions
        {
            Tracker = MemberTrackerOptions.Default with { HistoryLength = Math.Max(spec.MaxRetries, spec.MaxRetriesDown) },
        };
        if (schedule.MaxInFlight is { } maxInFlight)
        {
            engineOptions.MaxInFlight = maxInFlight;
        }

        using var loggerFactory = new LoggerFactory([new StderrLoggerProvider(stderr, LogLevel.Warning, logFormat)]);
        // Disposed after the engine (declared first): the engine stops its checks, then the prober its reactor.
        using var prober = new Prober(timeProvider);
        var engine = new HealthEngine(prober, timeProvider, engineOptions,
            loggerFactory.CreateLogger<HealthEngine>());
        await using (engine)
        {
            // Events arrive on engine threads and must not wait for the terminal: they are queued here and
            // printed by one loop. Unbounded, because dropping a transition would make the output lie.
            var events = Channel.CreateUnbounded<(HealthEvent Event, DateTimeOffset ReceivedAt)>(
                new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
            var printer = new EventPrinter(stdout, json);
            var printing = printer.PrintAsync(events.Reader);
            using (engine.Subscribe(e => events.Writer.TryWrite((e, timeProvider.GetUtcNow()))))
            {
                foreach (var target in targets)
                {
                    engine.Upsert(new MemberRegistration(target.ToString(), target.Address, target.Port, spec)
                    {
                        GrpcOverTls = grpcTls,
                        AdminStateUp = spec.AdminStateUp,
                    });
                }

                // Reading and registering the targets leaves their text and parse state behind: collect it once, now,
                // so the heap starts the run at what the engine holds (at 100,000 targets, tens of MB).
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                var started = timeProvider.GetTimestamp();
                engine.Start();
                await WaitAsync(schedule.Duration, timeProvider, cancellationToken);
                await engine.StopAsync();
                var elapsed = timeProvider.GetElapsedTime(started);

                events.Writer.TryComplete();
                await printing;
                var (summary, allHealthy) = Summarize(engine, targets.Count, printer.Transitions, elapsed);
                await stdout.WriteLineAsync(HealthEventFormatter.SummaryJson(summary));
                await stdout.FlushAsync(CancellationToken.None);
                return allHealthy ? ExitCodes.Success : ExitCodes.CheckFailed;
            }
        }
    }

    /// <summary>Until the duration is over or Ctrl+C; either way the run ends with its summary.</summary>
    private static async Task WaitAsync(TimeSpan? duration, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: stop and summarise.
        }
    }

    private static (SummaryReport Summary, bool AllHealthy) Summarize(HealthEngine engine, int targets,
        long transitions, TimeSpan elapsed)
    {
        var status = engine.GetStatus();
        var counts = new int[Enum.GetValues<HealthState>().Length];
        foreach (var member in engine.GetMembers())
        {
            counts[(int)member.State]++;
        }

        var states = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [nameof(HealthState.Healthy)] = counts[(int)HealthState.Healthy],
            [nameof(HealthState.Unhealthy)] = counts[(int)HealthState.Unhealthy],
            [nameof(HealthState.Initial)] = counts[(int)HealthState.Initial],
        };
        foreach (var state in (ReadOnlySpan<HealthState>)[HealthState.Unused, HealthState.Unavailable])
        {
            if (counts[(int)state] > 0)
            {
                states[state.ToString()] = counts[(int)state];
            }
        }

        var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, count) in status.FailuresByReason)
        {
            byReason[reason] = count;
        }

        var summary = new SummaryReport
        {
            Targets = targets,
            Checks = status.Checks,
            Passes = status.Passes,
            Failures = status.Failures,
            ByReason = byReason,
            Skipped = status.Skipped,
            LatenessMs = new LatenessReport(Round(status.LagP50Ms), Round(status.LagP99Ms), Round(status.LagMaxMs)),
            Transitions = transitions,
            DurationS = Round(elapsed.TotalSeconds),
            States = states,
        };
        return (summary, counts[(int)HealthState.Healthy] == targets);
    }

    private static double Round(double value) => Math.Round(value, 3);

    /// <summary>The single reader of the event queue: formats, writes, and flushes whenever it catches up.</summary>
    private sealed class EventPrinter(TextWriter stdout, bool json)
    {
        /// <summary>Transitions printed; read once printing has finished.</summary>
        public long Transitions { get; private set; }

        public async Task PrintAsync(ChannelReader<(HealthEvent Event, DateTimeOffset ReceivedAt)> reader)
        {
            // Not cancellable: after Ctrl+C the engine stops, the queue completes and is drained to the end.
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                while (reader.TryRead(out var item))
                {
                    Print(item.Event, item.ReceivedAt);
                }

                // Flushing only when the queue is empty batches bursts (100,000 targets turning Healthy) into
                // few writes, yet a lone transition shows at once.
                await stdout.FlushAsync(CancellationToken.None);
            }
        }

        private void Print(HealthEvent healthEvent, DateTimeOffset receivedAt)
        {
            Debug.Assert(healthEvent.Transition is not null || healthEvent.FlappingNow is not null);
            if (healthEvent.Transition is { } transition)
            {
                Transitions++;
                stdout.WriteLine(json
                    ? HealthEventFormatter.TransitionJson(healthEvent.MemberId, transition)
                    : HealthEventFormatter.TransitionText(healthEvent.MemberId, transition));
            }

            if (healthEvent.FlappingNow is { } flapping)
            {
                stdout.WriteLine(json
                    ? HealthEventFormatter.FlappingJson(healthEvent.MemberId, flapping, receivedAt)
                    : HealthEventFormatter.FlappingText(healthEvent.MemberId, flapping, receivedAt));
            }
        }
    }
}
