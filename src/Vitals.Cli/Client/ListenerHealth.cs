namespace Vitals.Cli.Client;

/// <summary><c>GET /api/v1/listeners/{id}/health</c>: the listener's default pool (none, or one).</summary>
internal sealed record ListenerHealth(string ListenerId, string Protocol, int ProtocolPort, IReadOnlyList<PoolHealth> Pools);
