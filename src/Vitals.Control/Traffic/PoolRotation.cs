using Vitals.Core.Resources;
using Vitals.Core.Traffic;

namespace Vitals.Control.Traffic;

/// <summary>A pool's rotation as the rotation book last decided it: every member with its rotation, and the panic if any.</summary>
/// <param name="Pool">The pool's record.</param>
/// <param name="Version">The catalog version it was decided at (<see cref="Health.CatalogPool.Version"/>).</param>
/// <param name="Members">Every member with its rotation, ordered by member id.</param>
/// <param name="Panic">The fail-open guardrail's panic, or null.</param>
/// <param name="DecidedAt">When it was decided.</param>
public sealed record PoolRotation(ServerGroup Pool, long Version, IReadOnlyList<MemberRotation> Members, PoolPanic? Panic, DateTimeOffset DecidedAt)
{
    private Dictionary<string, int>? _index;

    /// <summary>
    /// The agent may send a weight percentage: HAProxy's hashing by source address is a static algorithm that refuses
    /// weights other than 0 % and 100 %.
    /// </summary>
    public bool WithWeight => !string.Equals(Pool.LbAlgorithm, "SOURCE_IP", StringComparison.Ordinal);

    /// <summary>The member's rotation in this decision, when it is one of the pool's members.</summary>
    public MemberRotation? Find(string memberId)
    {
        var index = _index;
        if (index is null)
        {
            index = new Dictionary<string, int>(Members.Count, StringComparer.Ordinal);
            for (var i = 0; i < Members.Count; i++)
            {
                index[Members[i].Member.Id] = i;
            }

            _index = index;
        }

        return index.TryGetValue(memberId, out var at) ? Members[at] : null;
    }

    /// <summary>Members in rotation (Ready, kept by a panic included).</summary>
    public int InRotation
    {
        get
        {
            var count = 0;
            foreach (var member in Members)
            {
                count += member.Rotation.InRotation ? 1 : 0;
            }

            return count;
        }
    }
}
