using Vitals.Core.Resources;
using Vitals.Core.Traffic;

namespace Vitals.Control.Traffic;

/// <summary>One member of a <see cref="PoolRotation"/>: its record (address, port, weight, name) and its rotation.</summary>
/// <param name="Member">The member's record.</param>
/// <param name="Rotation">What a load balancer should do with it.</param>
/// <param name="Detail">The last failed check's detail, for a Down member or one a panic keeps; null otherwise.</param>
public readonly record struct MemberRotation(Member Member, Rotation Rotation, string? Detail)
{
    /// <summary>When the member's health state began (its last transition); default when not known.</summary>
    public DateTimeOffset Since { get; init; }
}
