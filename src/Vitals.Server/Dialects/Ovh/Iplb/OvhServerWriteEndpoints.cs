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

        var values = ServerValues.From(body);
        CheckRanges(body, values, farm, current);
        if (body.HasErrors)
        {
            return (null, OvhErrorResults.BadRequest(body.FirstError));
        }

        return Unmappable(values, farm) is { } missing ? (null, OvhErrorResults.NotAvailable(missing)) : (ToInput(body, values), null);
    }

    private static void CheckRanges(OvhBody body, ServerValues values, OvhFarm farm, Member? current)
    {
        if (values.ServerId is not null && values.ServerId != current?.NumericId)
        {
            body.Error("Invalid body parameter serverId: it is read-only");
        }

        if (values.BackendId is not null && values.BackendId != farm.Pool.NumericId)
        {
            body.Error("Invalid body parameter backendId: it is read-only");
        }

        if (values.Address is { } address && (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork))
        {
            body.Error($"Invalid body parameter address: '{address}' is not an ipv4");
        }
        else if (current is null && values.Address is null)
        {
            body.Error("Missing body parameter address");
        }

        if (values.Port is < 1 or > 49151)
        {
            body.Error("Invalid body parameter port: must be 1 to 49151");
        }
        else if (current is null && values.Port is null)
        {
            // OVH lets a server inherit its farm's port; a Vitals farm has none.
            body.Error("Invalid body parameter port: required, as Vitals farms have no port of their own");
        }

        if (values.Weight is < 0 or > 256)
        {
            body.Error("Invalid body parameter weight: must be 0 to 256");
        }
    }

    /// <summary>What OVH accepts and Vitals' model cannot carry, or null.</summary>
    private static string? Unmappable(ServerValues values, OvhFarm farm)
    {
        var farmProbe = farm.Monitor is { Spec.AdminStateUp: true };
        var farmSsl = farm.Monitor?.Spec.Type is HealthMonitorType.Https or HealthMonitorType.Tls;
        if (values.Weight is > ResourceRules.MaxWeight)
        {
            return $"weight {values.Weight} (Vitals weights are 0 to {ResourceRules.MaxWeight})";
        }

        if (values.Probe is { } wanted && wanted != farmProbe)
        {
            return wanted
                ? "probe on a server of a farm without an active probe (Vitals checks every server of a farm alike: set the farm's probe)"
                : "probe off for one server (Vitals checks every server of a farm alike, by the farm's probe)";
        }

        return values.Backup is true ? "backup servers"
            : values.Ssl is { } cipher && cipher != farmSsl ? "ssl per server (Vitals speaks TLS to a farm's servers when the farm's probe does: forceSsl)"
            : values.Chain is not null ? "certificate chains"
            : values.Cookie is not null ? "stickiness cookies"
            : values.OnMarkedDown is not null ? "onMarkedDown"
            : values.ProxyProtocol is not null ? "the PROXY protocol"
            : null;
    }

    private static MemberInput ToInput(OvhBody body, ServerValues values)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ovh, native) in (ReadOnlySpan<(string, string)>)[("displayName", "name"), ("address", "address"), ("port", "protocol_port"),
            ("weight", "weight"), ("status", "admin_state_up")])
        {
            if (body.Has(ovh))
            {
                fields.Add(native);
            }
        }

        return new MemberInput
        {
            Name = body.Has("displayName") ? values.DisplayName ?? "" : null,
            Address = values.Address,
            ProtocolPort = (int?)values.Port,
            // OVH: a null weight is 1.
            Weight = body.Has("weight") ? (int)(values.Weight ?? 1) : null,
            AdminStateUp = values.Status is null ? null : values.Status == "active",
            Fields = fields,
        };
    }

    /// <summary>The fields of an OVH server body, typed (a wrong type is recorded in the body's errors and reads null).</summary>
    private readonly record struct ServerValues(long? ServerId, long? BackendId, string? Address, long? Port, string? DisplayName, string? Status,
        long? Weight, bool? Probe, bool? Backup, bool? Ssl, string? Chain, string? Cookie, string? OnMarkedDown, string? ProxyProtocol)
    {
        public static ServerValues From(OvhBody body) => new(
            body.Long("serverId"), body.Long("backendId"), body.String("address"), body.Long("port"), body.String("displayName"),
            body.Enum("status", Statuses), body.Long("weight"), body.Bool("probe"), body.Bool("backup"), body.Bool("ssl"), body.String("chain"),
            body.String("cookie"), body.Enum("onMarkedDown", "shutdown-sessions"), body.Enum("proxyProtocolVersion", ProxyProtocols));
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
