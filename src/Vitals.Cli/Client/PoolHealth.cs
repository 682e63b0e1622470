namespace Vitals.Cli.Client;

/// <summary><c>GET /api/v1/pools/{id}/health</c>: counts per state and the members that are not Healthy.</summary>
internal sealed record PoolHealth(string PoolId, bool HealthCheckEnabled, IReadOnlyDictionary<string, int> Counts, int MembersTotal,
    int NonHealthyTotal, IReadOnlyList<NonHealthyMember> NonHealthy);
