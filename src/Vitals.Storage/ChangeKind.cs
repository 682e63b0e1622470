namespace Vitals.Storage;

/// <summary>The kinds of resource whose changes other nodes follow (stored as the member name).</summary>
public enum ChangeKind
{
    LoadBalancer,
    Listener,
    ServerGroup,
    Member,
    HealthMonitor,
    Instance,
    HaproxyBinding,

    /// <summary>A project token revoked or rotated: the id is its numeric id; nodes forget it from their caches.</summary>
    Token,
}
