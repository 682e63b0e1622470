using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// <c>PUT</c>, <c>POST</c> and <c>DELETE</c> of a farm's servers, through the same fleet calls as the native API (so its
/// rules, the target policy and the engine registration apply). A value the model cannot carry (a backup server, a
/// cookie, a per-server probe switch that differs from the farm's) answers "not available" and changes nothing.
/// </summary>
internal static class OvhServerWriteEndpoints
{
    private static readonly string[] Statuses = ["active", "inactive"];
    private static readonly string[] ProxyProtocols = ["v1", "v2", "v2-ssl", "v2-ssl-cn"];

    private static readonly FrozenSet<string> TcpFields = FrozenSet.Create(StringComparer.Ordinal,
        "serverId", "backendId", "address", "port", "displayName", "status", "weight", "probe", "backup", "ssl", "chain", "onMarkedDown",
        "proxyProtocolVersion", "serverState");

    private static readonly FrozenSet<string> HttpFields = FrozenSet.Create(StringComparer.Ordinal, [.. TcpFields, "cookie"]);

    private static readonly FrozenSet<string> UdpFields = FrozenSet.Create(StringComparer.Ordinal,
        "serverId", "backendId", "address", "port", "displayName", "status");

    public static RouteGroupBuilder MapOvhServerWrites(this RouteGroupBuilder iplb)
    {
        iplb.MapPost("/{serviceName}/{kind}/farm/{farmId}/server", CreateAsync);
        iplb.MapPut("/{serviceName}/{kind}/farm/{farmId}/server/{serverId}", UpdateAsync);
        iplb.MapDelete("/{serviceName}/{kind}/farm/{farmId}/server/{serverId}", DeleteAsync);
        return iplb;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string serviceName, string kind, string farmId, FleetService fleet,
        LiveHealthReader health)
    {
        var (farm, error) = await OvhIplbEndpoints.FarmAsync(context, fleet, serviceName, kind, farmId);
        if (farm is null)
        {
            return error!;
        }

        var (input, refused) = Read(context, farm, null);
        if (input is null)
        {
            return refused!;
        }

        var created = await fleet.CreateMemberAsync(farm.Pool.ProjectId, input with { PoolId = farm.Pool.Id }, context.RequestAborted);
        return created.IsSuccess
            ? OvhIplbEndpoints.Server(farm, created.Value, health)
            : OvhErrorResults.From(created, Name, "farmId", farmId);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string serviceName, string kind, string farmId, string serverId,
        FleetService fleet)
    {
        var (farm, member, error) = await FindAsync(context, fleet, serviceName, kind, farmId, serverId);
        if (member is null)
        {
            return error!;
        }

        var (input, refused) = Read(context, farm!, member);
        if (input is null)
        {
            return refused!;
        }

        var updated = await fleet.UpdateMemberAsync(member.ProjectId, member.Id, input, context.RequestAborted);
        return updated.IsSuccess ? OvhErrorResults.Void() : OvhErrorResults.From(updated, Name, "serverId", serverId);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string serviceName, string kind, string farmId, string serverId,
        FleetService fleet)
    {
        var (_, member, error) = await FindAsync(context, fleet, serviceName, kind, farmId, serverId);
        if (member is null)
        {
            return error!;
        }

        var deleted = await fleet.DeleteMemberAsync(member.ProjectId, member.Id, context.RequestAborted);
        return deleted.IsSuccess ? OvhErrorResults.Void() : OvhErrorResults.From(deleted, Name, "serverId", serverId);
    }

    private static async Task<(OvhFarm? Farm, Member? Member, IResult? Error)> FindAsync(HttpContext context, FleetService fleet, string serviceName,
        string kind, string farmId, string serverId)
    {
        if (!long.TryParse(serverId, NumberStyles.None, CultureInfo.InvariantCulture, out var numericId))
        {
            return (null, null, OvhErrorResults.BadRequest($"Invalid parameter serverId: '{serverId}' is not a long"));
        }

        var (farm, error) = await OvhIplbEndpoints.FarmAsync(context, fleet, serviceName, kind, farmId);
        if (farm is null)
        {
            return (null, null, error);
        }

        var member = await OvhIplbEndpoints.ServerAsync(context, fleet, farm, numericId);
        return member is null ? (farm, null, OvhErrorResults.Missing("serverId", serverId)) : (farm, member, null);
    }

    /// <summary>
    /// The body as a member input: types and OVH's ranges first (400), then what the model cannot carry (not available).
    /// <paramref name="current"/> is null on create. Read-only fields (<c>serverId</c>, <c>backendId</c>,
    /// <c>serverState</c>) may be sent back as read, since clients often PUT the object they got.
    /// </summary>
    private static (MemberInput? Input, IResult? Error) Read(HttpContext context, OvhFarm farm, Member? current)
    {
        var known = farm.Kind switch
        {
            OvhFarmKind.Http => HttpFields,
            OvhFarmKind.Udp => UdpFields,
            _ => TcpFields,
        };
        var (body, malformed) = OvhBody.Parse(OvhAccess.BodyOf(context), known);
        if (body is null)
        {
            return (null, malformed);
        }

        var serverId = body.Long("serverId");
        var backendId = body.Long("backendId");
        var address = body.String("address");
        var port = body.Long("port");
        var displayName = body.String("displayName");
        var status = body.Enum("status", Statuses);
        var weight = body.Long("weight");
        var probe = body.Bool("probe");
        var backup = body.Bool("backup");
        var ssl = body.Bool("ssl");
        var chain = body.String("chain");
        var cookie = body.String("cookie");
        var onMarkedDown = body.Enum("onMarkedDown", "shutdown-sessions");
        var proxyProtocol = body.Enum("proxyProtocolVersion", ProxyProtocols);

        if (serverId is not null && serverId != current?.NumericId)
        {
            body.Error("Invalid body parameter serverId: it is read-only");
        }

        if (backendId is not null && backendId != farm.Pool.NumericId)
        {
            body.Error("Invalid body parameter backendId: it is read-only");
        }

        if (address is not null && (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork))
        {
            body.Error($"Invalid body parameter address: '{address}' is not an ipv4");
        }
        else if (current is null && address is null)
        {
            body.Error("Missing body parameter address");
        }

        if (port is < 1 or > 49151)
        {
            body.Error("Invalid body parameter port: must be 1 to 49151");
        }
        else if (current is null && port is null)
        {
            // OVH lets a server inherit its farm's port; a Vitals farm has none.
            body.Error("Invalid body parameter port: required, as Vitals farms have no port of their own");
        }

        if (weight is < 0 or > 256)
        {
            body.Error("Invalid body parameter weight: must be 0 to 256");
        }

        if (body.HasErrors)
        {
            return (null, OvhErrorResults.BadRequest(body.FirstError));
        }

        // What OVH accepts and Vitals' model cannot carry.
        var farmProbe = farm.Monitor is { Spec.AdminStateUp: true };
        var farmSsl = farm.Monitor?.Spec.Type is HealthMonitorType.Https or HealthMonitorType.Tls;
        string? missing = null;
        if (weight is > ResourceRules.MaxWeight)
        {
            missing = $"weight {weight} (Vitals weights are 0 to {ResourceRules.MaxWeight})";
        }
        else if (probe is { } wanted && wanted != farmProbe)
        {
            missing = wanted
                ? "probe on a server of a farm without an active probe (Vitals checks every server of a farm alike: set the farm's probe)"
                : "probe off for one server (Vitals checks every server of a farm alike, by the farm's probe)";
        }
        else if (backup is true)
        {
            missing = "backup servers";
        }
        else if (ssl is { } cipher && cipher != farmSsl)
        {
            missing = "ssl per server (Vitals speaks TLS to a farm's servers when the farm's probe does: forceSsl)";
        }
        else if (chain is not null)
        {
            missing = "certificate chains";
        }
        else if (cookie is not null)
        {
            missing = "stickiness cookies";
        }
        else if (onMarkedDown is not null)
        {
            missing = "onMarkedDown";
        }
        else if (proxyProtocol is not null)
        {
            missing = "the PROXY protocol";
        }

        if (missing is not null)
        {
            return (null, OvhErrorResults.NotAvailable(missing));
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        void Sent(string ovh, string native)
        {
            if (body.Has(ovh))
            {
                fields.Add(native);
            }
        }

        Sent("displayName", "name");
        Sent("address", "address");
        Sent("port", "protocol_port");
        Sent("weight", "weight");
        Sent("status", "admin_state_up");
        var input = new MemberInput
        {
            Name = body.Has("displayName") ? displayName ?? "" : null,
            Address = address,
            ProtocolPort = (int?)port,
            // OVH: a null weight is 1.
            Weight = body.Has("weight") ? (int)(weight ?? 1) : null,
            AdminStateUp = status is null ? null : status == "active",
            Fields = fields,
        };
        return (input, null);
    }

    /// <summary>The OVH name of a native member field, for error sentences.</summary>
    private static string Name(string field) => field switch
    {
        "name" => "displayName",
        "protocol_port" => "port",
        "admin_state_up" => "status",
        "pool_id" => "farmId",
        _ => field,
    };
}
