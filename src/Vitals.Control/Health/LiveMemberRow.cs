using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>One member in a whole-fleet scan (<see cref="LiveHealthReader.Scan{TVisitor}"/>): its record, reported state and newest check (no words).</summary>
/// <param name="Member">The member's record.</param>
/// <param name="Pool">Its pool's record; null while not known yet.</param>
/// <param name="State">The reported state.</param>
/// <param name="Since">When it began.</param>
/// <param name="Flapping">Marked flapping.</param>
/// <param name="Last">The engine's newest result, else the one saved before a restart; null for none or when unchecked.</param>
internal readonly record struct LiveMemberRow(Member Member, ServerGroup? Pool, HealthState State, DateTimeOffset Since, bool Flapping, ProbeResult? Last);
