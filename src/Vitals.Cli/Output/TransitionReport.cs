namespace Vitals.Cli.Output;

/// <summary>A member changed state: one JSON line in the scheduled mode.</summary>
internal sealed record TransitionReport
{
    public string Event { get; } = "transition";

    /// <summary>The member, <c>ip:port</c>.</summary>
    public required string Target { get; init; }

    public required string From { get; init; }

    public required string To { get; init; }

    /// <summary>ISO-8601 UTC with milliseconds.</summary>
    public required string At { get; init; }

    /// <summary>The reason of the deciding result; null when it passed or the change was not caused by checks.</summary>
    public required string? ReasonCode { get; init; }

    /// <summary>The check code of the deciding result; null when the change was not caused by a check.</summary>
    public required string? CheckCode { get; init; }
}
