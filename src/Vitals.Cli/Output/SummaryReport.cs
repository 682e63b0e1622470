namespace Vitals.Cli.Output;

/// <summary>The last line of a scheduled run, in every output mode.</summary>
internal sealed record SummaryReport
{
    public string Event { get; } = "summary";

    public required int Targets { get; init; }

    /// <summary>Results counted against targets (passes + failures).</summary>
    public required long Checks { get; init; }

    public required long Passes { get; init; }

    public required long Failures { get; init; }

    /// <summary>Failures per precise reason code.</summary>
    public required IReadOnlyDictionary<string, long> ByReason { get; init; }

    /// <summary>Checks not counted because the checker itself was late or stalled.</summary>
    public required long Skipped { get; init; }

    /// <summary>How late checks started against their due time, over the engine's recent window.</summary>
    public required LatenessReport LatenessMs { get; init; }

    /// <summary>State transitions printed during the run.</summary>
    public required long Transitions { get; init; }

    public required double DurationS { get; init; }

    /// <summary>Members per state at the end (Healthy, Unhealthy and Initial always present).</summary>
    public required IReadOnlyDictionary<string, int> States { get; init; }
}
