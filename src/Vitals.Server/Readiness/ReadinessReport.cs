namespace Vitals.Server.Readiness;

/// <summary>The checks of one readiness run, in a fixed order; ready when every one passed.</summary>
internal sealed record ReadinessReport(IReadOnlyList<ReadinessCheck> Checks)
{
    public bool Ready => Checks.All(static c => c.Passed);
}
