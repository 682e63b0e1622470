namespace Vitals.Core.Traffic.Haproxy;

/// <summary>What <see cref="HaproxyPlanner.Plan"/> found and what to send.</summary>
/// <param name="Changes">The changes, in the order to send them.</param>
/// <param name="Matched">Targets found in HAProxy (by name or by address and port).</param>
/// <param name="Pending">Targets with a verdict whose server is not in the state wanted: each needs a command.</param>
/// <param name="Missing">Targets with no server in their backend (added when servers are managed).</param>
/// <param name="Unmanageable">
/// Targets HAProxy cannot be made to show exactly: Ready while HAProxy's own check says DOWN (both must agree for
/// traffic to flow), and Down on a server with its own check, held with MAINT instead.
/// </param>
public sealed record HaproxyPlan(IReadOnlyList<HaproxyChange> Changes, int Matched, int Pending, IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unmanageable)
{
    /// <summary>Nothing to send and nothing missing: HAProxy shows every verdict.</summary>
    public bool Converged => Changes.Count == 0 && Missing.Count == 0;
}
