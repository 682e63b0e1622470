using Vitals.Core.Resources;
using Vitals.Core.Traffic;
using Vitals.Core.Traffic.Haproxy;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>What a binding wants HAProxy to show, from its load balancer's pool rotations, and HAProxy's rows for the planner.</summary>
internal static class HaproxySyncTargets
{
    /// <summary>
    /// One target per member of every pool: the pool's backend is the binding's choice, else the export's
    /// <c>{load balancer}_{pool}</c>; a member is found by its exported name (its name, else its id) or by its id.
    /// </summary>
    public static List<HaproxyTarget> Build(IReadOnlyList<PoolRotation> pools, HaproxyBinding binding, string loadBalancerName)
    {
        var targets = new List<HaproxyTarget>();
        foreach (var pool in pools)
        {
            var backend = Backend(pool.Pool, binding, loadBalancerName);
            var withWeight = pool.WithWeight;
            foreach (var member in pool.Members)
            {
                var m = member.Member;
                IReadOnlyList<string> names = m.Name.Length > 0 ? [HaproxyNames.Identifier(m.Name), m.Id] : [m.Id];
                targets.Add(new HaproxyTarget(m.Id, backend, names, m.Address, m.ProtocolPort, member.Rotation, withWeight));
            }
        }

        return targets;
    }

    public static string Backend(ServerGroup pool, HaproxyBinding binding, string loadBalancerName) =>
        binding.Backends.TryGetValue(pool.Id, out var chosen)
            ? chosen
            : HaproxyNames.Backend(loadBalancerName, pool.Name.Length > 0 ? pool.Name : pool.Id);

    /// <summary>The columns the planner reads from a <c>show servers state</c> row.</summary>
    public static List<HaproxyServer> Servers(IReadOnlyList<HaproxyServerState> rows)
    {
        var servers = new List<HaproxyServer>(rows.Count);
        foreach (var row in rows)
        {
            servers.Add(new HaproxyServer(row.BackendName, row.ServerName, row.Address, row.Port, (int)row.OperationalState,
                (int)row.AdminState, row.UserWeight, (int)row.CheckState, (int)row.AgentState));
        }

        return servers;
    }
}
