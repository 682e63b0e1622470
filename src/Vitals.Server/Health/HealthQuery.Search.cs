using Vitals.Core.Resources;
using Vitals.Server.Auth;
using Vitals.Server.Fleet;

namespace Vitals.Server.Health;

internal sealed partial class HealthQuery
{
    /// <summary>
    /// One page of a pool's members that match <paramref name="search"/>, read from the catalog (the state is live, so the
    /// store cannot filter on it), in creation order like the unfiltered list, with the count of every match. Null when
    /// the pool is unknown or another project's; <paramref name="markerError"/> is set when the marker is no member of it.
    /// </summary>
    public PoolMembersHealthDto? SearchPoolMembers(Caller caller, string poolId, MemberSearch search, FleetPaging paging, out string? markerError)
    {
        markerError = null;
        if (Catalog.FindPool(poolId) is not { } found || !Sees(caller, found.Pool.Pool!.ProjectId))
        {
            return null;
        }

        var members = found.Members;
        var after = 0L;
        if (paging.Marker is { } marker)
        {
            var index = Array.FindIndex(members, entry => string.Equals(entry.Member.Id, marker, StringComparison.Ordinal));
            if (index < 0)
            {
                markerError = $"must be the id of a member of this pool (got '{marker}')";
                return null;
            }

            after = members[index].Member.NumericId;
        }

        var total = 0;
        var matches = new List<Member>();
        foreach (var entry in members)
        {
            if (!search.Matches(entry, entry.Status.State))
            {
                continue;
            }

            total++;
            if (entry.Member.NumericId > after)
            {
                matches.Add(entry.Member);
            }
        }

        matches.Sort(static (a, b) => a.NumericId.CompareTo(b.NumericId));
        var page = matches.Count > paging.Limit ? matches.GetRange(0, paging.Limit) : matches;
        var next = matches.Count > paging.Limit ? page[^1].Id : null;
        return new PoolMembersHealthDto(GetMembers(page), next, total);
    }
}
