using Vitals.Core.Resources;

namespace Vitals.Storage;

/// <summary>Every resource of every project, read in one consistent snapshot, in numeric id order: what the engine loads at start.</summary>
public sealed record StoreSnapshot(
    IReadOnlyList<LoadBalancer> LoadBalancers,
    IReadOnlyList<Listener> Listeners,
    IReadOnlyList<ServerGroup> ServerGroups,
    IReadOnlyList<HealthMonitor> HealthMonitors,
    IReadOnlyList<Member> Members,
    IReadOnlyList<Instance> Instances,
    IReadOnlyList<HaproxyBinding> HaproxyBindings);
