namespace Vitals.Cli.Client;

/// <summary><c>GET /api/v1/rotation</c>: what a load balancer should do with every member of every pool.</summary>
internal sealed record RotationView(IReadOnlyList<PoolRotationView> Pools);

/// <summary>One pool's rotation: its members and its panic (the fail-open guardrail), if any.</summary>
internal sealed record PoolRotationView(string PoolId, string PoolName, string LoadbalancerId, string LbAlgorithm, int? MinHealthyPercent,
    int MembersTotal, int InRotation, PanicView? Panic, IReadOnlyList<MemberRotationView> Members);

/// <summary>A pool in panic: <see cref="Kept"/> are failing members kept in rotation.</summary>
internal sealed record PanicView(string Reason, int MinHealthyPercent, int Eligible, int Healthy, int Required, IReadOnlyList<string> Kept);

/// <summary>One member's rotation: <c>ready</c>, <c>down</c>, <c>drain</c>, <c>maint</c> or <c>unknown</c>.</summary>
internal sealed record MemberRotationView(string MemberId, string Name, string Address, int ProtocolPort, int Weight, string Rotation,
    bool KeptByPanic, string? ReasonCode, string? Detail);
