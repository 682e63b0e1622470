namespace Vitals.Cli.Client;

/// <summary>The data of an SSE <c>transition</c> event of <c>/api/v1/events</c>.</summary>
internal sealed record TransitionEvent(string MemberId, string PoolId, string From, string To, DateTimeOffset At, string Cause,
    string? ReasonCode, string? CheckCode);
