namespace Vitals.Cli.Client;

/// <summary>A member that is not Healthy, in <see cref="PoolHealth"/>.</summary>
internal sealed record NonHealthyMember(string MemberId, string Address, int ProtocolPort, string? InstanceId, string State,
    string? ReasonCode, string? NlbReasonCode, DateTimeOffset Since);
