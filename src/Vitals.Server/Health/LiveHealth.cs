using Vitals.Core.Probing;
using Vitals.Engine;

namespace Vitals.Server.Health;

/// <summary>A member's live detail as the health lists show it.</summary>
/// <param name="Snapshot">The engine's view; null when the member is not checked.</param>
/// <param name="Last">The newest check, or the one saved before a restart until the engine has its own.</param>
/// <param name="Failure">The reason code of <paramref name="Last"/> when it failed.</param>
/// <param name="Reason">Why the member is in its state, in words (<see cref="HealthReasons.Current"/>).</param>
internal readonly record struct LiveHealth(MemberSnapshot? Snapshot, ProbeResult? Last, ReasonCode? Failure, string? Reason);
