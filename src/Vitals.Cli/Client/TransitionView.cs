namespace Vitals.Cli.Client;

/// <summary>A stored state change and the results that decided it (oldest first).</summary>
internal sealed record TransitionView(string From, string To, DateTimeOffset At, string Cause, string? ReasonCode,
    IReadOnlyList<ResultView> Evidence);
