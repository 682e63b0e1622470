using Vitals.Core.Health;
using Vitals.Core.Instances;
using Vitals.Server.Health;

namespace Vitals.Server.Instances;

/// <summary>The members running on instances, as the health rule reads them: live states from the catalog and the engine.</summary>
internal static class InstanceMembers
{
    /// <summary>Members of the given instances, grouped by instance id: one pass over the catalog for all of them.</summary>
    public static Dictionary<string, List<MemberHealthInput>> Collect(HealthCoordinator coordinator, IReadOnlySet<string> instanceIds)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(instanceIds);
        var found = new List<(string InstanceId, CatalogMember Entry, TimeSpan Interval)>();
        var catalog = coordinator.Catalog;
        lock (catalog.Gate)
        {
            foreach (var entry in catalog.Members.Values)
            {
                if (entry.Member.InstanceId is { } instanceId && instanceIds.Contains(instanceId))
                {
                    var interval = catalog.Pools.TryGetValue(entry.Member.PoolId, out var pool) && pool.Monitor is { } monitor
                        ? monitor.Spec.DelaySpan
                        : TimeSpan.Zero;
                    found.Add((instanceId, entry, interval));
                }
            }
        }

        // Engine snapshots are read outside the catalog gate, which the coordinator needs for every engine event.
        var byInstance = new Dictionary<string, List<MemberHealthInput>>(StringComparer.Ordinal);
        foreach (var (instanceId, entry, interval) in found)
        {
            var snapshot = entry.Registered ? coordinator.Engine.GetMember(entry.Member.Id) : null;
            var state = entry.Registered ? entry.Status.State : HealthState.Unavailable;
            var input = new MemberHealthInput(state, snapshot?.IsFlapping ?? false, snapshot?.LastResult?.CheckedAt, interval);
            if (!byInstance.TryGetValue(instanceId, out var list))
            {
                list = [];
                byInstance[instanceId] = list;
            }

            list.Add(input);
        }

        return byInstance;
    }
}
