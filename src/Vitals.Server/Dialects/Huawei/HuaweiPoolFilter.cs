using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// The filters of <c>GET …/pools</c>. What the store can filter (ids, one name, one load balancer) goes to it; the rest
/// (several names or load balancers, protocols, algorithms) is matched on the stored pool.
/// </summary>
internal sealed class HuaweiPoolFilter
{
    private IReadOnlyList<string>? _ids, _names, _protocols, _algorithms, _loadBalancers;

    public static HuaweiPoolFilter Read(HuaweiQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new HuaweiPoolFilter
        {
            _ids = query.Strings("id"),
            _names = query.Strings("name"),
            _protocols = query.Strings("protocol", static p => ProtocolNames.TryParsePool(p, out _) ? null : $"is not one of {ProtocolNames.PoolAllowedList}"),
            _algorithms = query.Strings("lb_algorithm"),
            _loadBalancers = query.Strings("loadbalancer_id"),
        };
    }

    public ServerGroupFilter Store => ServerGroupFilter.All with
    {
        Ids = _ids,
        Name = HuaweiQuery.OnlyValue(_names),
        LoadBalancerId = HuaweiQuery.OnlyValue(_loadBalancers),
    };

    /// <summary>The match the store cannot make; null when <see cref="Store"/> says it all.</summary>
    public Func<ServerGroup, bool>? Where =>
        _names is { Count: > 1 } || _loadBalancers is { Count: > 1 } || _protocols is not null || _algorithms is not null ? Matches : null;

    public bool Matches(ServerGroup pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return HuaweiQuery.Matches(_ids, pool.Id) && HuaweiQuery.Matches(_names, pool.Name)
            && (_protocols is null || _protocols.Any(p => string.Equals(p, pool.Protocol.ToWire(), StringComparison.OrdinalIgnoreCase)))
            && HuaweiQuery.Matches(_algorithms, pool.LbAlgorithm) && HuaweiQuery.Matches(_loadBalancers, pool.LoadBalancerId);
    }
}
