namespace Vitals.Core.Resources;

/// <summary>A planned interval during which an instance is under maintenance (ECS health: Maintaining).</summary>
public sealed record MaintenanceWindow(DateTimeOffset Start, DateTimeOffset End, string Description = "")
{
    public bool Covers(DateTimeOffset instant) => instant >= Start && instant < End;
}
