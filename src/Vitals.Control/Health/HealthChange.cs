using Vitals.Core.Resources;
using Vitals.Engine;

namespace Vitals.Control.Health;

/// <summary>One live change of a member, as the event hub hands it to every subscriber of its project.</summary>
/// <param name="Member">The member it is about.</param>
/// <param name="Event">The engine's (or the coordinator's) event: a transition, a flapping mark, or both.</param>
/// <param name="At">When it was published (stamped on a flapping mark).</param>
/// <param name="Unavailable">For a transition to Unavailable: which switch caused it (<see cref="HealthReasons.Unavailable"/>).</param>
internal sealed record HealthChange(Member Member, HealthEvent Event, DateTimeOffset At, string? Unavailable) : HubChange(Member.ProjectId, At);
