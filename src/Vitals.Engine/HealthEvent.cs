using Vitals.Core.Health;

namespace Vitals.Engine;

/// <summary>Something changed about a member.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Transition">Its state changed (with cause and evidence); null when only the flap mark changed.</param>
/// <param name="FlappingNow">Set when the flap mark changed: the new mark. Null when it did not change.</param>
public sealed record HealthEvent(string MemberId, HealthTransition? Transition, bool? FlappingNow);
