using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Vitals.Cli.Apply;
using Vitals.Cli.Client;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// Reads what the nginx export writes: <c>/api/v1/rotation</c> (each member's rotation, each pool's panic), the pools
/// (their protocol decides the context), the load balancers (their names make the upstream names) and, for
/// <c>--standalone</c>, the listeners. Four requests, whatever the fleet's size; every answer is ordered by id, so the
/// same fleet gives the same bytes.
/// </summary>
internal static class NginxFleetReader
{
    /// <summary>Reads the fleet; else <c>Error</c> says why not: a named pool is missing (<c>Missing</c>), or nginx cannot proxy it
    /// in the context asked for.</summary>
    /// <param name="client">The server.</param>
    /// <param name="selection">What to export.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public static async Task<(NginxFleet? Fleet, string? Error, bool Missing)> ReadAsync(VitalsClient client, NginxSelection selection,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(selection);
        var rotation = await client.GetAsync("/api/v1/rotation", RotationJsonContext.Default.RotationView, cancellationToken);
        var pools = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var pool in await client.ListAsync("pools", null, cancellationToken))
        {
            pools[CurrentFleet.Id(pool)] = pool;
        }

        var lbNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var lb in await client.ListAsync("loadbalancers", null, cancellationToken))
        {
            lbNames[CurrentFleet.Id(lb)] = CurrentFleet.Text(lb, "name") is { Length: > 0 } name ? name : CurrentFleet.Id(lb);
        }

        PoolRotationView? named = null;
        if (selection.Pool is { } poolArg)
        {
            named = FindPool(rotation.Pools, poolArg);
            if (named is null || !pools.TryGetValue(named.PoolId, out var namedRecord))
            {
                return (null, $"no pool has the id or name '{poolArg}'", true);
            }

            var protocol = CurrentFleet.Text(namedRecord, "protocol") ?? "";
            if (ContextOf(protocol) is not { } context)
            {
                return (null, $"pool '{poolArg}' is {Article(protocol)} {protocol} pool: nginx does not proxy it", false);
            }

            if (!selection.Standalone && selection.Context is { } asked && asked != context)
            {
                return (null, $"pool '{poolArg}' is {Article(protocol)} {protocol} pool: its upstream belongs in {Word(context)} {{ }} (--context {Word(context)})", false);
            }
        }

        var names = new NginxNames();
        var upstreams = new List<NginxUpstream>();
        var skipped = new List<string>();
        var wanted = selection.Standalone ? null : selection.Context ?? (named is not null ? ContextOf(CurrentFleet.Text(pools[named.PoolId], "protocol") ?? "") : NginxContext.Http);
        foreach (var pool in rotation.Pools)
        {
            if ((named is not null && !ReferenceEquals(pool, named)) || !pools.TryGetValue(pool.PoolId, out var record))
            {
                continue; // not asked for, or created or deleted between the two reads: the next read has it
            }

            var lbName = lbNames.TryGetValue(pool.LoadbalancerId, out var lb) ? lb : pool.LoadbalancerId;
            var poolName = pool.PoolName is { Length: > 0 } ? pool.PoolName : pool.PoolId;
            var protocol = CurrentFleet.Text(record, "protocol") ?? "";
            if (ContextOf(protocol) is not { } context)
            {
                skipped.Add($"# pool {NginxNames.Comment(poolName)} ({pool.PoolId}) of load balancer {NginxNames.Comment(lbName)}: "
                    + $"{Article(protocol)} {protocol} pool carries every port and protocol, which nginx does not proxy: left out");
                continue;
            }

            if (wanted is { } only && context != only)
            {
                continue;
            }

            upstreams.Add(Upstream(names.Upstream(lbName, poolName, pool.PoolId), pool, poolName, lbName, protocol, context));
        }

        var listeners = selection.Standalone ? await ListenersAsync(client, upstreams, cancellationToken) : [];
        return (new NginxFleet(upstreams, listeners, skipped), null, false);
    }

    /// <summary>"an" before the protocols said with a vowel sound (HTTP, HTTPS, IP), else "a".</summary>
    private static string Article(string protocol) => protocol is "HTTP" or "HTTPS" or "IP" ? "an" : "a";

    /// <summary><c>http</c> or <c>stream</c>.</summary>
    public static string Word(NginxContext context) => context == NginxContext.Http ? "http" : "stream";

    /// <summary>HTTP, HTTPS and GRPC pools go in <c>http { }</c>; TCP, UDP, TLS and QUIC in <c>stream { }</c>; IP pools nowhere.</summary>
    public static NginxContext? ContextOf(string protocol) => protocol switch
    {
        "HTTP" or "HTTPS" or "GRPC" => NginxContext.Http,
        "TCP" or "UDP" or "TLS" or "QUIC" => NginxContext.Stream,
        _ => null,
    };

    private static NginxUpstream Upstream(string name, PoolRotationView pool, string poolName, string lbName, string protocol, NginxContext context)
    {
        var servers = new NginxServer[pool.Members.Count];
        for (var i = 0; i < servers.Length; i++)
        {
            var m = pool.Members[i];
            var endpoint = IPAddress.TryParse(m.Address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
                ? $"[{m.Address}]:{m.ProtocolPort.ToString(CultureInfo.InvariantCulture)}"
                : $"{m.Address}:{m.ProtocolPort.ToString(CultureInfo.InvariantCulture)}";
            servers[i] = new NginxServer(m.MemberId, m.Name is { Length: > 0 } ? m.Name : m.MemberId, endpoint, Math.Max(1, m.Weight), m.Rotation,
                m.KeptByPanic, m.ReasonCode);
        }

        return new NginxUpstream(name, pool.PoolId, poolName, lbName, protocol, context, pool.LbAlgorithm, pool.Panic?.Reason, servers);
    }

    private static async Task<List<NginxListener>> ListenersAsync(VitalsClient client, List<NginxUpstream> upstreams, CancellationToken cancellationToken)
    {
        var byPool = new Dictionary<string, NginxUpstream>(StringComparer.Ordinal);
        foreach (var upstream in upstreams)
        {
            byPool[upstream.PoolId] = upstream;
        }

        var listeners = new List<NginxListener>();
        foreach (var listener in await client.ListAsync("listeners", null, cancellationToken))
        {
            if (CurrentFleet.Text(listener, "default_pool_id") is not { } poolId || !byPool.TryGetValue(poolId, out var upstream)
                || listener["protocol_port"]?.GetValue<int>() is not { } port)
            {
                continue; // no default pool, or one that is not exported: nothing to send its traffic to
            }

            var id = CurrentFleet.Id(listener);
            listeners.Add(new NginxListener(id, CurrentFleet.Text(listener, "name") is { Length: > 0 } n ? n : id,
                CurrentFleet.Text(listener, "protocol") ?? "", port, listener["admin_state_up"]?.GetValue<bool>() != false, upstream));
        }

        listeners.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        return listeners;
    }

    private static PoolRotationView? FindPool(IReadOnlyList<PoolRotationView> pools, string idOrName)
    {
        foreach (var pool in pools)
        {
            if (pool.PoolId == idOrName)
            {
                return pool;
            }
        }

        foreach (var pool in pools)
        {
            if (pool.PoolName == idOrName)
            {
                return pool;
            }
        }

        return null;
    }
}
