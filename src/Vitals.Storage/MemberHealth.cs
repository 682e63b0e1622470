using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Storage;

/// <summary>
/// The latest state of a member and the summary of its last check: what a restart resumes from.
/// The store keeps one per member (an upsert) and drops it with the member.
/// </summary>
/// <param name="MemberId">The member's string id.</param>
/// <param name="State">Its state (the engine decides whether this is the reported state or the check verdict).</param>
/// <param name="Since">When that state began (stored to the millisecond).</param>
/// <param name="Last">The last check, if any; its content is kept to <see cref="ProbeResult.MaxContentBytes"/> characters.</param>
public sealed record MemberHealth(string MemberId, HealthState State, DateTimeOffset Since, ProbeResult? Last);
