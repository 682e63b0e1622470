using System.Collections.Frozen;
using Vitals.Control.Fleet;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// <c>PUT …/{http|tcp}/farm/{farmId}</c>: the farm's <c>displayName</c> and <c>balance</c> (the pool's name and algorithm)
/// and its <c>probe</c> (the pool's health monitor, created when the pool has none). Answers <c>void</c>.
/// </summary>
internal static class OvhFarmWriteEndpoints
{
    private static readonly FrozenSet<string> Fields = FrozenSet.Create(StringComparer.Ordinal,
        "farmId", "displayName", "zone", "port", "balance", "stickiness", "vrackNetworkId", "probe");

    private static readonly FrozenSet<string> UdpFields = FrozenSet.Create(StringComparer.Ordinal,
        "farmId", "displayName", "zone", "port", "vrackNetworkId");

    private static readonly string[] Balances = ["first", "leastconn", "roundrobin", "source", "uri"];

    public static RouteGroupBuilder MapOvhFarmWrites(this RouteGroupBuilder iplb)
    {
        iplb.MapPut("/{serviceName}/{kind}/farm/{farmId}", UpdateAsync);
        return iplb;
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string serviceName, string kind, string farmId, FleetService fleet)
    {
        var (farm, error) = await OvhIplbEndpoints.FarmAsync(context, fleet, serviceName, kind, farmId);
        if (farm is null)
        {
            return error!;
        }

        var (body, malformed) = OvhBody.Parse(OvhAccess.BodyOf(context), farm.Kind == OvhFarmKind.Udp ? UdpFields : Fields);
        if (body is null)
        {
            return malformed!;
        }

        var echoedId = body.Long("farmId");
        var displayName = body.String("displayName");
        var zone = body.String("zone");
        var port = body.Long("port");
        var balance = body.Enum("balance", Balances);
        var stickiness = body.Enum("stickiness", "cookie", "sourceIp");
        var vrack = body.Long("vrackNetworkId");
        var probe = body.Object("probe");
        if (echoedId is not null && echoedId != farm.Pool.NumericId)
        {
            body.Error("Invalid body parameter farmId: it is read-only");
        }

        if (zone is not null && zone != farm.LoadBalancer.Region)
        {
            body.Error($"Invalid body parameter zone: it is read-only ({farm.LoadBalancer.Region})");
        }

        if (body.HasErrors)
        {
            return OvhErrorResults.BadRequest(body.FirstError);
        }

        string? algorithm = balance switch
        {
            "roundrobin" => LbAlgorithms.RoundRobin,
            "leastconn" => LbAlgorithms.LeastConnections,
            "source" => LbAlgorithms.SourceIp,
            _ => null,
        };
        var missing = balance is "first" or "uri" ? $"balance {balance}"
            : stickiness is not null ? "stickiness"
            : port is not null ? "farm ports (each Vitals server has its own port)"
            : vrack is not null ? "vRack networks"
            : null;
        if (missing is not null)
        {
            return OvhErrorResults.NotAvailable(missing);
        }

        if (body.Has("probe"))
        {
            var (monitorInput, probeError) = OvhProbeMapper.ToInput(body, probe, farm.Monitor?.Spec);
            if (monitorInput is null)
            {
                return OvhErrorResults.BadRequest(probeError!);
            }

            var project = farm.Pool.ProjectId;
            var written = farm.Monitor is { } monitor
                ? await fleet.UpdateHealthMonitorAsync(project, monitor.Id, monitorInput, context.RequestAborted)
                : await fleet.CreateHealthMonitorAsync(project, monitorInput with { PoolId = farm.Pool.Id }, context.RequestAborted);
            if (!written.IsSuccess)
            {
                return OvhErrorResults.From(written, OvhProbeMapper.Name, "farmId", farmId);
            }
        }

        if (body.Has("displayName") || algorithm is not null)
        {
            var fields = new HashSet<string>(StringComparer.Ordinal);
            if (body.Has("displayName"))
            {
                fields.Add("name");
            }

            if (algorithm is not null)
            {
                fields.Add("lb_algorithm");
            }

            var input = new ServerGroupInput { Name = body.Has("displayName") ? displayName ?? "" : null, LbAlgorithm = algorithm, Fields = fields };
            var updated = await fleet.UpdateServerGroupAsync(farm.Pool.ProjectId, farm.Pool.Id, input, context.RequestAborted);
            if (!updated.IsSuccess)
            {
                return OvhErrorResults.From(updated, static f => f == "name" ? "displayName" : f == "lb_algorithm" ? "balance" : f, "farmId", farmId);
            }
        }

        return OvhErrorResults.Void();
    }
}
