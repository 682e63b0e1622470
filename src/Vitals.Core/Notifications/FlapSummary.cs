using Vitals.Core.Health;

namespace Vitals.Core.Notifications;

/// <summary>
/// A member's flapping: the two states it flaps between (when it started), and how many flips were held back, first
/// and last, and the state it settled in (when it stopped).
/// </summary>
/// <param name="Between">One state it flaps between (the <c>from</c> of the flip that made it flapping).</param>
/// <param name="And">The other (that flip's <c>to</c>).</param>
/// <param name="Flips">Transitions seen while flapping, the one that started it included.</param>
/// <param name="FirstAt">When flapping started.</param>
/// <param name="LastAt">The last flip held back (equal to <paramref name="FirstAt"/> when there was only the first).</param>
/// <param name="FinalState">The member's state when flapping stopped; for a start, the state after the first flip.</param>
public readonly record struct FlapSummary(HealthState Between, HealthState And, int Flips, DateTimeOffset FirstAt, DateTimeOffset LastAt,
    HealthState FinalState);
