using Vitals.Core.Health;

namespace Vitals.Server.Health;

/// <summary>A member's reported state and when it began.</summary>
internal sealed record MemberStatus(HealthState State, DateTimeOffset Since);
