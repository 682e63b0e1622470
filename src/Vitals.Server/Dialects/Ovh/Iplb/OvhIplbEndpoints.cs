using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// <c>/1.0/ipLoadbalancing</c>: a load balancer's id is its service name, a server group's numeric id its farm id and a
/// member's numeric id its server id. Reads here: farms, servers with their live <c>serverState</c>, instancesState; the
/// writes and the service calls are mapped from <see cref="MapOvhIplb"/> too.
/// Every lookup is scoped to the signing credential's project: another project's service is "does not exist".
/// </summary>
internal static class OvhIplbEndpoints
{
    public static RouteGroupBuilder MapOvhIplb(this RouteGroupBuilder iplb)
    {
        iplb.MapGet("", ListServicesAsync);
        iplb.MapGet("/{serviceName}/instancesState", InstancesStateAsync);
        iplb.MapGet("/{serviceName}/{kind}/farm", ListFarmsAsync);
        iplb.MapGet("/{serviceName}/{kind}/farm/{farmId}", GetFarmAsync);
        iplb.MapGet("/{serviceName}/{kind}/farm/{farmId}/server", ListServersAsync);
        iplb.MapGet("/{serviceName}/{kind}/farm/{farmId}/server/{serverId}", GetServerAsync);
        iplb.MapOvhServerWrites();
        iplb.MapOvhFarmWrites();
        iplb.MapOvhService();
        return iplb;
    }

    private static async Task<IResult> ListServicesAsync(HttpContext context, FleetService fleet)
    {
        var all = await fleet.ListAllLoadBalancersAsync(OvhAccess.ProjectOf(context), LoadBalancerFilter.All, context.RequestAborted);
        var names = new string[all.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = all[i].Id;
        }

        return TypedResults.Json(names, OvhJsonContext.Default.StringArray);
    }

    private static async Task<IResult> InstancesStateAsync(HttpContext context, string serviceName, FleetService fleet, TimeProvider time)
    {
        var loadBalancer = await fleet.GetLoadBalancerAsync(OvhAccess.ProjectOf(context), serviceName, context.RequestAborted);
        if (!loadBalancer.IsSuccess)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        OvhInstanceStateDto[] states = [new(OvhServerMapper.InstanceId, loadBalancer.Value.Region, "running", OvhServerMapper.Time(time.GetUtcNow()))];
        return TypedResults.Json(states, OvhJsonContext.Default.OvhInstanceStateDtoArray);
    }

    private static async Task<IResult> ListFarmsAsync(HttpContext context, string serviceName, string kind, FleetService fleet)
    {
        if (!OvhFarmKind.IsServed(kind))
        {
            return OvhErrorResults.InvalidUrl();
        }

        var project = OvhAccess.ProjectOf(context);
        var query = context.Request.Query;
        long? vrack = null;
        if (query["vrackNetworkId"].Count > 0)
        {
            if (!long.TryParse(query["vrackNetworkId"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return OvhErrorResults.BadRequest("Invalid parameter vrackNetworkId: not a long");
            }

            vrack = parsed;
        }

        var found = await fleet.GetLoadBalancerAsync(project, serviceName, context.RequestAborted);
        if (!found.IsSuccess)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        var loadBalancer = found.Value;
        var zone = query["zone"].Count > 0 ? query["zone"].ToString() : null;
        var ids = new List<long>();
        // Farms are not in a vRack here, and they all sit in the load balancer's zone.
        if (vrack is null && (zone is null || string.Equals(zone, loadBalancer.Region, StringComparison.Ordinal)))
        {
            var pools = await fleet.ListAllServerGroupsAsync(project, ServerGroupFilter.All with { LoadBalancerId = loadBalancer.Id },
                context.RequestAborted);
            foreach (var pool in pools)
            {
                if (OvhFarmKind.Of(pool.Protocol) == kind)
                {
                    ids.Add(pool.NumericId);
                }
            }
        }

        return TypedResults.Json(ids.ToArray(), OvhJsonContext.Default.Int64Array);
    }

    private static async Task<IResult> GetFarmAsync(HttpContext context, string serviceName, string kind, string farmId, FleetService fleet)
    {
        var (farm, error) = await FarmAsync(context, fleet, serviceName, kind, farmId);
        if (farm is null)
        {
            return error!;
        }

        return farm.Kind == OvhFarmKind.Udp
            ? TypedResults.Json(new OvhUdpFarmDto(farm.Pool.NumericId, farm.Pool.Name.Length == 0 ? null : farm.Pool.Name, farm.LoadBalancer.Region, null, null),
                OvhJsonContext.Default.OvhUdpFarmDto)
            : TypedResults.Json(OvhFarmMapper.ToDto(farm.Pool, farm.LoadBalancer, farm.Monitor), OvhJsonContext.Default.OvhFarmDto);
    }

    private static async Task<IResult> ListServersAsync(HttpContext context, string serviceName, string kind, string farmId, FleetService fleet)
    {
        var query = context.Request.Query;
        string? address = null;
        if (query["address"].Count > 0)
        {
            address = query["address"].ToString();
            if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
            {
                return OvhErrorResults.BadRequest($"Invalid parameter address: '{address}' is not an ipv4");
            }

            address = ip.ToString();
        }

        bool? active = null;
        if (query["status"].Count > 0)
        {
            active = query["status"].ToString() switch
            {
                "active" => true,
                "inactive" => false,
                _ => null,
            };
            if (active is null)
            {
                return OvhErrorResults.BadRequest($"Invalid parameter status: '{query["status"]}' is not one of active, inactive");
            }
        }

        var cookie = query["cookie"].Count > 0 ? query["cookie"].ToString() : null;
        var (farm, error) = await FarmAsync(context, fleet, serviceName, kind, farmId);
        if (farm is null)
        {
            return error!;
        }

        var ids = new List<long>();
        // Vitals keeps no stickiness cookies: a cookie filter matches no server.
        if (cookie is null || farm.Kind != OvhFarmKind.Http)
        {
            var filter = MemberFilter.All with { PoolId = farm.Pool.Id, Address = address, AdminStateUp = active };
            var members = await fleet.ListAllMembersAsync(farm.Pool.ProjectId, filter, context.RequestAborted);
            foreach (var member in members)
            {
                ids.Add(member.NumericId);
            }
        }

        return TypedResults.Json(ids.ToArray(), OvhJsonContext.Default.Int64Array);
    }

    private static async Task<IResult> GetServerAsync(HttpContext context, string serviceName, string kind, string farmId, string serverId,
        FleetService fleet, LiveHealthReader health)
    {
        if (!long.TryParse(serverId, NumberStyles.None, CultureInfo.InvariantCulture, out var numericId))
        {
            return OvhErrorResults.BadRequest($"Invalid parameter serverId: '{serverId}' is not a long");
        }

        var (farm, error) = await FarmAsync(context, fleet, serviceName, kind, farmId);
        if (farm is null)
        {
            return error!;
        }

        var member = await ServerAsync(context, fleet, farm, numericId);
        return member is null ? OvhErrorResults.Missing("serverId", serverId) : Server(farm, member, health);
    }

    /// <summary>The member behind a server id of <paramref name="farm"/>; null when it is not one of the farm's.</summary>
    internal static async Task<Member?> ServerAsync(HttpContext context, FleetService fleet, OvhFarm farm, long numericId)
    {
        var found = await fleet.ListAllMembersAsync(farm.Pool.ProjectId, MemberFilter.All with { PoolId = farm.Pool.Id, NumericId = numericId },
            context.RequestAborted);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The server object of the farm's family (<c>cookie</c> only for http farms).</summary>
    internal static IResult Server(OvhFarm farm, Member member, LiveHealthReader health)
    {
        var dto = OvhServerMapper.ToDto(farm.Kind, member, farm.Pool.NumericId, farm.Monitor, health);
        return dto switch
        {
            OvhHttpServerDto httpServer => TypedResults.Json(httpServer, OvhJsonContext.Default.OvhHttpServerDto),
            OvhUdpServerDto udpServer => TypedResults.Json(udpServer, OvhJsonContext.Default.OvhUdpServerDto),
            _ => TypedResults.Json((OvhTcpServerDto)dto, OvhJsonContext.Default.OvhTcpServerDto),
        };
    }

    /// <summary>The farm of a path, or the OVH error: a farm of another kind, load balancer or project does not exist.</summary>
    internal static async Task<(OvhFarm? Farm, IResult? Error)> FarmAsync(HttpContext context, FleetService fleet, string serviceName, string kind,
        string farmId)
    {
        if (!OvhFarmKind.IsServed(kind))
        {
            return (null, OvhErrorResults.InvalidUrl());
        }

        if (!long.TryParse(farmId, NumberStyles.None, CultureInfo.InvariantCulture, out var numericId))
        {
            return (null, OvhErrorResults.BadRequest($"Invalid parameter farmId: '{farmId}' is not a long"));
        }

        var project = OvhAccess.ProjectOf(context);
        var loadBalancer = await fleet.GetLoadBalancerAsync(project, serviceName, context.RequestAborted);
        if (!loadBalancer.IsSuccess)
        {
            return (null, OvhErrorResults.Missing("serviceName", serviceName));
        }

        var pools = await fleet.ListAllServerGroupsAsync(project,
            ServerGroupFilter.All with { LoadBalancerId = loadBalancer.Value.Id, NumericId = numericId }, context.RequestAborted);
        if (pools.Count == 0 || OvhFarmKind.Of(pools[0].Protocol) != kind)
        {
            return (null, OvhErrorResults.Missing("farmId", farmId));
        }

        var pool = pools[0];
        var monitors = await fleet.ListHealthMonitorsAsync(project, HealthMonitorFilter.All with { PoolId = pool.Id }, new FleetPaging(1, null),
            context.RequestAborted);
        var monitor = monitors.Value is { Items: [var first, ..] } ? first : null;
        return (new OvhFarm(kind, loadBalancer.Value, pool, monitor), null);
    }
}
