using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Health;

/// <summary>A member as the coordinator knows it: its stored record and whether the engine checks it.</summary>
internal sealed class CatalogMember(Member member, DateTimeOffset since)
{
    public Member Member { get; set; } = member;

    /// <summary>Registered with the engine (its pool has a monitor); otherwise reported Unavailable by the coordinator.</summary>
    public bool Registered { get; set; }

    /// <summary>
    /// Why the target policy keeps this member's address from being checked (the refusal naming the rule); null when it
    /// allows it. Decided when the member is applied, never per probe.
    /// </summary>
    public string? Refusal { get; set; }

    /// <summary>
    /// The reported state, kept in step with the engine (set at registration and at each of its events), so counting a
    /// pool's members reads no engine snapshot. Replaced whole, so readers need no lock.
    /// </summary>
    public MemberStatus Status { get; set; } = new(HealthState.Unavailable, since);

    /// <summary>
    /// The state saved before the last restart, kept to show its last check until the engine has one of its own.
    /// Read and replaced whole, so readers need no lock.
    /// </summary>
    public MemberHealth? Restored { get; set; }
}
