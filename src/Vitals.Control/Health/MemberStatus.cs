using Vitals.Core.Health;

namespace Vitals.Control.Health;

/// <summary>A member's reported state, when it began, and whether it is marked flapping.</summary>
internal sealed record MemberStatus(HealthState State, DateTimeOffset Since, bool Flapping = false);
