using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>
/// What <see cref="LiveHealthReader.Scan{TVisitor}"/> hands every pool and member of a scope to, in that order. A struct
/// implementation is called without boxing or an intermediate copy of the fleet.
/// </summary>
internal interface ILiveVisitor
{
    /// <summary>Called once first: at most this many members and pools follow.</summary>
    void Begin(int members, int pools);

    /// <summary>A pool whose record is known; every pool comes before the first member.</summary>
    void Pool(ServerGroup pool);

    void Member(in LiveMemberRow member);
}
