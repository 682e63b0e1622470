using Vitals.Control.Fleet;
using Vitals.Core.Resources;

namespace Vitals.Control.Health;

internal sealed partial class LiveHealthReader
{
    /// <summary>
    /// One page of a pool's members that match <paramref name="filter"/>, read from the catalog (the state is live, so
    /// the store cannot filter on it), in creation order like the unfiltered list, with the count of every match. Null
    /// when the pool is unknown or not in the scope; <paramref name="markerError"/> is set when the marker is no member of it.
    /// </summary>
    public PoolMembersPage? SearchPoolMembers(ProjectScope scope, string poolId, MemberSearch filter, FleetPaging paging, out string? markerError)
    {
        ArgumentNullException.ThrowIfNull(filter);
        markerError = null;
        if (_catalog.FindPool(poolId) is not { } found || !scope.Sees(found.Pool.Pool!.ProjectId))
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
            if (!filter.Matches(entry.Member, entry.Status.State))
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
        return new PoolMembersPage(GetMembers(page), next, total);
    }
}
