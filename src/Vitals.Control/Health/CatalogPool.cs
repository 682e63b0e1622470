using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>A server group, its monitor and its members, as the coordinator indexes them.</summary>
internal sealed class CatalogPool(string id, Action<string>? touched = null)
{
    private CatalogMember[]? _membersArray;
    private long _version;

    public string Id { get; } = id;

    /// <summary>Null while only members referring to it are known (they arrive in store order, so rarely).</summary>
    public ServerGroup? Pool { get; set; }

    public HealthMonitor? Monitor { get; set; }

    public Dictionary<string, CatalogMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>The members as an array, rebuilt only after a change: reads of a big pool copy nothing.</summary>
    public CatalogMember[] MembersArray
    {
        get
        {
            if (_membersArray is null)
            {
                var array = new CatalogMember[Members.Count];
                Members.Values.CopyTo(array, 0);
                Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Member.Id, b.Member.Id));
                _membersArray = array;
            }

            return _membersArray;
        }
    }

    /// <summary>
    /// Bumped under the catalog's gate by every change that can move the pool's rotation (a member added, removed or
    /// changed, a member's reported state, the pool or its monitor), so a decision taken at one version is known stale.
    /// </summary>
    public long Version => Volatile.Read(ref _version);

    public void MembersChanged()
    {
        _membersArray = null;
        Touch();
    }

    /// <summary>Marks the pool changed (<see cref="Version"/>) and tells the catalog's watcher. Under the catalog's gate.</summary>
    public void Touch()
    {
        Volatile.Write(ref _version, _version + 1);
        touched?.Invoke(Id);
    }

    /// <summary>Members are probed only when the pool has a monitor that is switched on.</summary>
    public bool HealthCheckEnabled => Monitor is { Spec.AdminStateUp: true };
}
