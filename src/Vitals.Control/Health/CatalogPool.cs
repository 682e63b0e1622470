using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>A server group, its monitor and its members, as the coordinator indexes them.</summary>
internal sealed class CatalogPool(string id)
{
    private CatalogMember[]? _membersArray;

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

    public void MembersChanged() => _membersArray = null;

    /// <summary>Members are probed only when the pool has a monitor that is switched on.</summary>
    public bool HealthCheckEnabled => Monitor is { Spec.AdminStateUp: true };
}
