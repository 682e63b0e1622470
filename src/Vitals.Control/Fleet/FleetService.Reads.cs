using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

/// <summary>
/// The reads the cloud dialects need beyond the native pages: slices that filter on more than the store can (a
/// predicate over what the store filter let through), page backwards from a marker, and whole lists.
/// </summary>
public sealed partial class FleetService
{
    /// <summary>Resources one whole-list read returns at most: a guard (500 store pages), far above any real project.</summary>
    public const int MaxListed = 500 * PageRequest.MaxLimit;

    public Task<IReadOnlyList<LoadBalancer>> ListAllLoadBalancersAsync(string projectId, LoadBalancerFilter filter,
        CancellationToken cancellationToken) =>
        AllAsync(page => _store.ListLoadBalancersAsync(projectId, filter, page, cancellationToken), MaxListed);

    public Task<IReadOnlyList<ServerGroup>> ListAllServerGroupsAsync(string projectId, ServerGroupFilter filter,
        CancellationToken cancellationToken) =>
        AllAsync(page => _store.ListServerGroupsAsync(projectId, filter, page, cancellationToken), MaxListed);

    public Task<IReadOnlyList<Member>> ListAllMembersAsync(string projectId, MemberFilter filter, CancellationToken cancellationToken) =>
        AllAsync(page => _store.ListMembersAsync(projectId, filter, page, cancellationToken), MaxListed);

    /// <summary>The first <paramref name="max"/> instances matching <paramref name="filter"/> (at most <see cref="MaxListed"/>).</summary>
    public Task<IReadOnlyList<Instance>> ListAllInstancesAsync(string projectId, InstanceFilter filter, int max,
        CancellationToken cancellationToken) =>
        AllAsync(page => _store.ListInstancesAsync(projectId, filter, page, cancellationToken), Math.Min(max, MaxListed));

    /// <summary>A slice of the server groups matching <paramref name="filter"/> and <paramref name="where"/>, with what attaches to each.</summary>
    public async Task<FleetResult<FleetPage<ServerGroupView>>> SliceServerGroupsAsync(string projectId, ServerGroupFilter filter,
        Func<ServerGroup, bool>? where, FleetSlice slice, CancellationToken cancellationToken)
    {
        var page = await SliceAsync(slice, PoolKind, marker => _store.GetServerGroupAsync(projectId, marker, cancellationToken),
            request => _store.ListServerGroupsAsync(projectId, filter, request, cancellationToken), where);
        return await ViewsAsync(page, cancellationToken);
    }

    /// <summary>A slice of the health monitors matching <paramref name="filter"/> and <paramref name="where"/>.</summary>
    public Task<FleetResult<FleetPage<HealthMonitor>>> SliceHealthMonitorsAsync(string projectId, HealthMonitorFilter filter,
        Func<HealthMonitor, bool>? where, FleetSlice slice, CancellationToken cancellationToken) =>
        SliceAsync(slice, MonitorKind, marker => _store.GetHealthMonitorAsync(projectId, marker, cancellationToken),
            request => _store.ListHealthMonitorsAsync(projectId, filter, request, cancellationToken), where);

    /// <summary>
    /// A slice of one pool's members matching <paramref name="filter"/> and <paramref name="where"/>; not found when the
    /// pool is absent or foreign. The marker must be a member of this pool.
    /// </summary>
    public async Task<FleetResult<FleetPage<Member>>> SlicePoolMembersAsync(string projectId, string poolId, MemberFilter filter,
        Func<Member, bool>? where, FleetSlice slice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (await _store.GetServerGroupAsync(projectId, poolId, cancellationToken) is null)
        {
            return Missing<FleetPage<Member>>(PoolKind, poolId);
        }

        var inPool = filter with { PoolId = poolId };
        return await SliceAsync(slice, MemberKind,
            async marker => await _store.GetMemberAsync(projectId, marker, cancellationToken) is { } member && member.PoolId == poolId ? member : null,
            request => _store.ListMembersAsync(projectId, inPool, request, cancellationToken), where);
    }

    /// <summary>
    /// A slice of a list. Forward without a predicate it is one keyset page of the store; otherwise the matching rows are
    /// read whole (one project's configuration is small) and sliced here, since the store pages forward only.
    /// </summary>
    private static async Task<FleetResult<FleetPage<T>>> SliceAsync<T>(FleetSlice slice, string kind, Func<string, Task<T?>> get,
        Func<PageRequest, Task<Page<T>>> list, Func<T, bool>? where)
        where T : Resource
    {
        long? pivot = null;
        if (slice.Marker is { } marker)
        {
            var last = marker.Length == 0 ? null : await get(marker);
            if (last is null)
            {
                return FleetResult<FleetPage<T>>.Invalid("marker", $"must be the id of a {kind} of this list (got '{marker}')");
            }

            pivot = slice.MarkerCheckedOnly ? null : last.NumericId;
        }

        var reverse = slice.Reverse && !slice.MarkerCheckedOnly;
        if (where is null && !reverse)
        {
            var page = await list(new PageRequest(pivot ?? 0, slice.Limit, CountTotal: true));
            var next = page.NextAfter is null || page.Items.Count == 0 ? null : page.Items[^1].Id;
            return FleetResult<FleetPage<T>>.Ok(new FleetPage<T>(page.Items, next, page.TotalCount ?? page.Items.Count));
        }

        var all = await AllAsync(list, MaxListed);
        var matching = new List<T>(all.Count);
        foreach (var item in all)
        {
            if (where is null || where(item))
            {
                matching.Add(item);
            }
        }

        return FleetResult<FleetPage<T>>.Ok(Cut(matching, pivot, Math.Max(1, slice.Limit), reverse));
    }

    /// <summary>
    /// Forward: the <paramref name="limit"/> rows after the pivot; reverse: the <paramref name="limit"/> rows just before it
    /// (the last ones without a pivot), still oldest first. The next marker continues in the same direction.
    /// </summary>
    private static FleetPage<T> Cut<T>(List<T> matching, long? pivot, int limit, bool reverse)
        where T : Resource
    {
        if (!reverse)
        {
            var start = 0;
            while (pivot is { } after && start < matching.Count && matching[start].NumericId <= after)
            {
                start++;
            }

            var count = Math.Min(limit, matching.Count - start);
            var forward = matching.GetRange(start, count);
            var more = start + count < matching.Count && count > 0;
            return new FleetPage<T>(forward, more ? forward[^1].Id : null, matching.Count);
        }

        var end = 0;
        while (end < matching.Count && (pivot is null || matching[end].NumericId < pivot))
        {
            end++;
        }

        var first = Math.Max(0, end - limit);
        var backward = matching.GetRange(first, end - first);
        return new FleetPage<T>(backward, first > 0 && backward.Count > 0 ? backward[0].Id : null, matching.Count);
    }

    /// <summary>Every row of a list, oldest first, at most <paramref name="max"/> (whole store pages, then cut).</summary>
    private static async Task<IReadOnlyList<T>> AllAsync<T>(Func<PageRequest, Task<Page<T>>> list, int max)
    {
        var all = new List<T>();
        long after = 0;
        while (all.Count < max)
        {
            var page = await list(new PageRequest(after, PageRequest.MaxLimit));
            all.AddRange(page.Items);
            if (page.NextAfter is not { } next)
            {
                break;
            }

            after = next;
        }

        if (all.Count > max)
        {
            all.RemoveRange(max, all.Count - max);
        }

        return all;
    }
}
