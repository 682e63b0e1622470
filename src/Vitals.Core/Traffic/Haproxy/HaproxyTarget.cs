namespace Vitals.Core.Traffic.Haproxy;

/// <summary>One member as the sync wants it in HAProxy.</summary>
/// <param name="MemberId">The member (also the name of a server the sync adds).</param>
/// <param name="Backend">The backend its pool is bound to.</param>
/// <param name="Names">The server names that identify it in the backend, in order (its name as exported, its id).</param>
/// <param name="Address">Its address.</param>
/// <param name="Port">Its port.</param>
/// <param name="Rotation">What HAProxy should do with it.</param>
/// <param name="SetWeight">Apply the weight (not for a static algorithm).</param>
public sealed record HaproxyTarget(string MemberId, string Backend, IReadOnlyList<string> Names, string Address, int Port, Rotation Rotation,
    bool SetWeight);
