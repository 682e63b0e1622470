namespace Vitals.Cli.Output;

/// <summary>A member's flap mark changed: one JSON line in the scheduled mode.</summary>
internal sealed record FlappingReport
{
    public string Event { get; } = "flapping";

    public required string Target { get; init; }

    /// <summary>True when the member started flapping, false when it settled.</summary>
    public required bool Flapping { get; init; }

    /// <summary>When the command received the change (ISO-8601 UTC with milliseconds).</summary>
    public required string At { get; init; }
}
