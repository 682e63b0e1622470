namespace Vitals.Cli.Apply;

/// <summary>What one step of an apply plan does.</summary>
internal enum PlanAction
{
    Create,
    Update,
    Delete,
}
