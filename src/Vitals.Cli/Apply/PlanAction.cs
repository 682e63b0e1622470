namespace Vitals.Cli.Apply;

/// <summary>What one step of an apply plan does.</summary>
internal enum PlanAction
{
    Create,
    Update,

    /// <summary>A fixed field changed: a new resource is created, then the old one deleted.</summary>
    Replace,
    Delete,
}
