using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    /// <summary>
    /// A change another node committed to the resource <paramref name="kind"/>/<paramref name="id"/>: its current record
    /// is read and the observers hear of it exactly as of a local change. The read happens in the write gate, so a
    /// local change cannot slip between it and the notification and be overtaken by an older record. Nothing happens
    /// when the resource is gone meanwhile (its delete follows in the feed).
    /// </summary>
    internal async Task ApplyRemoteUpsertAsync(ChangeKind kind, string projectId, string id, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (await ReadAsync(kind, projectId, id, cancellationToken) is { } current)
            {
                NotifyUpserted(current);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>A delete another node committed: the observers hear of <paramref name="deleted"/>, the record as this node knew it.</summary>
    internal async Task ApplyRemoteDeleteAsync(Resource deleted, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            NotifyDeleted(deleted);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Brings the observers to the whole stored fleet after this node lost track of other nodes' changes: every
    /// resource of <paramref name="snapshot"/> is upserted (parents first), then every one of <paramref name="known"/>
    /// that the snapshot no longer has is deleted (children first).
    /// </summary>
    internal async Task ApplyReloadAsync(StoreSnapshot snapshot, IReadOnlyCollection<Resource> known, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<Resource>[] parentsFirst =
            [snapshot.LoadBalancers, snapshot.Instances, snapshot.ServerGroups, snapshot.HealthMonitors, snapshot.Listeners, snapshot.Members,
                snapshot.HaproxyBindings];
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            foreach (var list in parentsFirst)
            {
                foreach (var resource in list)
                {
                    present.Add(resource.Id);
                    NotifyUpserted(resource);
                }
            }

            for (var rank = 0; rank <= MaxDeleteRank; rank++)
            {
                foreach (var resource in known)
                {
                    if (DeleteRank(resource) == rank && !present.Contains(resource.Id))
                    {
                        NotifyDeleted(resource);
                    }
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private const int MaxDeleteRank = 3;

    /// <summary>When a resource is deleted in a reload: what refers to others goes before what it refers to.</summary>
    private static int DeleteRank(Resource resource) => resource switch
    {
        Member or HaproxyBinding => 0,
        HealthMonitor or Listener => 1,
        ServerGroup => 2,
        _ => 3,
    };

    private async Task<Resource?> ReadAsync(ChangeKind kind, string projectId, string id, CancellationToken cancellationToken) => kind switch
    {
        ChangeKind.LoadBalancer => await _store.GetLoadBalancerAsync(projectId, id, cancellationToken),
        ChangeKind.Listener => await _store.GetListenerAsync(projectId, id, cancellationToken),
        ChangeKind.ServerGroup => await _store.GetServerGroupAsync(projectId, id, cancellationToken),
        ChangeKind.Member => await _store.GetMemberAsync(projectId, id, cancellationToken),
        ChangeKind.HealthMonitor => await _store.GetHealthMonitorAsync(projectId, id, cancellationToken),
        ChangeKind.Instance => await _store.GetInstanceAsync(projectId, id, cancellationToken),
        ChangeKind.HaproxyBinding => await _store.GetHaproxyBindingAsync(projectId, id, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of resource"),
    };
}
