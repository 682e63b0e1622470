namespace Vitals.Control.Fleet;

/// <summary>One maintenance window as sent: <c>start</c> and <c>end</c> (ISO 8601 instants) and a <c>description</c>.</summary>
public sealed record MaintenanceWindowInput
{
    public DateTimeOffset? Start { get; init; }

    public DateTimeOffset? End { get; init; }

    public string? Description { get; init; }
}
