using System.Collections.Frozen;
using System.Globalization;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// The service-level IPLB calls: the service detail, its <c>status</c> computed from the live engine, <c>refresh</c> and its
/// tasks, <c>availableFarmProbes</c>; and, for the other real IPLB paths of a service, OVH's "not available" answer.
/// </summary>
internal static class OvhServiceEndpoints
{
    /// <summary>The first path segments under <c>/ipLoadbalancing/{serviceName}/</c> that OVH's API has and Vitals does not serve.</summary>
    private static readonly FrozenSet<string> OvhSections = FrozenSet.Create(StringComparer.Ordinal,
        "availableFarmType", "availableFrontendType", "availableRouteActions", "availableRouteRules", "changeContact", "confirmTermination",
        "definedFarms", "definedFrontends", "definedRoutes", "failover", "freeCertificate", "http", "log", "natIp", "pendingChanges", "quota",
        "quotaHistory", "serviceInfos", "ssl", "tcp", "terminate", "udp", "vrack", "zone", "instancesState", "status", "refresh", "task",
        "availableFarmProbes");

    /// <summary>The fields of <c>ipLoadbalancing.Ip</c>: <c>displayName</c> and <c>sslConfiguration</c> are writable, the rest read-only.</summary>
    private static readonly FrozenSet<string> ServiceFields = FrozenSet.Create(StringComparer.Ordinal,
        "displayName", "sslConfiguration", "serviceName", "ipLoadbalancing", "ipv4", "ipv6", "metricsToken", "offer", "orderableZone", "state",
        "vrackEligibility", "vrackName", "zone");

    private static readonly OvhAvailableProbeDto[] Probes =
    [
        new("http", Port: true, Url: true, ["GET", "HEAD"], ["default", "status"], []),
        new("tcp", Port: true, Url: false, null, ["default"], []),
    ];

    public static RouteGroupBuilder MapOvhService(this RouteGroupBuilder iplb)
    {
        iplb.MapGet("/{serviceName}", DetailAsync);
        iplb.MapPut("/{serviceName}", UpdateAsync);
        iplb.MapGet("/{serviceName}/status", StatusAsync);
        iplb.MapPost("/{serviceName}/refresh", RefreshAsync);
        iplb.MapGet("/{serviceName}/task", TasksAsync);
        iplb.MapGet("/{serviceName}/task/{id}", TaskAsync);
        iplb.MapGet("/{serviceName}/availableFarmProbes", AvailableProbesAsync);
        iplb.Map("/{serviceName}/{**rest}", NotServedAsync);
        return iplb;
    }

    private static async Task<LoadBalancer?> ServiceAsync(HttpContext context, FleetService fleet, string serviceName)
    {
        var found = await fleet.GetLoadBalancerAsync(OvhAccess.ProjectOf(context), serviceName, context.RequestAborted);
        return found.IsSuccess ? found.Value : null;
    }

    private static async Task<IResult> DetailAsync(HttpContext context, string serviceName, FleetService fleet)
    {
        if (await ServiceAsync(context, fleet, serviceName) is not { } lb)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        // Vitals checks servers, it does not forward traffic: the service has no address of its own.
        var dto = new OvhServiceDto(lb.Name.Length == 0 ? null : lb.Name, null, null, null, null, "vitals", [], lb.Id, null, "ok", false, null,
            [lb.Region]);
        return TypedResults.Json(dto, OvhJsonContext.Default.OvhServiceDto);
    }

    /// <summary>
    /// <c>PUT /ipLoadbalancing/{serviceName}</c>: <c>displayName</c> is the load balancer's name; an SSL configuration is not
    /// available (Vitals terminates no TLS); the read-only fields may be sent back as read and are ignored.
    /// </summary>
    private static async Task<IResult> UpdateAsync(HttpContext context, string serviceName, FleetService fleet)
    {
        if (await ServiceAsync(context, fleet, serviceName) is not { } lb)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        var (body, malformed) = OvhBody.Parse(OvhAccess.BodyOf(context), ServiceFields);
        if (body is null)
        {
            return malformed!;
        }

        var displayName = body.String("displayName");
        var ssl = body.Enum("sslConfiguration", "intermediate", "modern");
        // Read-only fields sent back as read: their types are checked, their values ignored.
        foreach (var readOnly in (string[])["ipLoadbalancing", "ipv4", "ipv6", "metricsToken", "offer", "state", "vrackName"])
        {
            body.String(readOnly);
        }

        body.Bool("vrackEligibility");
        if (body.String("serviceName") is { } echoed && echoed != lb.Id)
        {
            body.Error("Invalid body parameter serviceName: it is read-only");
        }

        if (body.HasErrors)
        {
            return OvhErrorResults.BadRequest(body.FirstError);
        }

        if (ssl is not null)
        {
            return OvhErrorResults.NotAvailable("sslConfiguration (Vitals terminates no TLS)");
        }

        if (!body.Has("displayName"))
        {
            return OvhErrorResults.Void();
        }

        var input = new LoadBalancerInput { Name = displayName ?? "", Fields = FrozenSet.Create(StringComparer.Ordinal, "name") };
        var updated = await fleet.UpdateLoadBalancerAsync(lb.ProjectId, lb.Id, input, context.RequestAborted);
        return updated.IsSuccess
            ? OvhErrorResults.Void()
            : OvhErrorResults.From(updated, static f => f == "name" ? "displayName" : f, "serviceName", serviceName);
    }

    /// <summary>
    /// ovh-iplb.md §2.5 with one checker instance: a server is <c>ok</c> when UP, <c>warn</c> while failures count toward
    /// DOWN or at weight 0, <c>error</c> when DOWN, <c>unknown</c> without a verdict or a check. A farm is <c>ok</c> when
    /// every checked server is, <c>error</c> when every one is in error, <c>warn</c> between, <c>unknown</c> with none checked.
    /// </summary>
    private static async Task<IResult> StatusAsync(HttpContext context, string serviceName, FleetService fleet, LiveHealthReader health)
    {
        if (await ServiceAsync(context, fleet, serviceName) is not { } lb)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        var project = lb.ProjectId;
        var scope = ProjectScope.Of(project);
        var pools = await fleet.ListAllServerGroupsAsync(project, ServerGroupFilter.All with { LoadBalancerId = lb.Id }, context.RequestAborted);
        var servers = new long[4];
        var farms = new long[4];
        foreach (var pool in pools)
        {
            var members = await fleet.ListAllMembersAsync(project, MemberFilter.All with { PoolId = pool.Id }, context.RequestAborted);
            var inFarm = new long[4];
            foreach (var member in members)
            {
                var live = health.GetMember(scope, member.Id);
                var state = !member.AdminStateUp || live is null ? Unknown : live.State switch
                {
                    HealthState.Healthy => live.ConsecutiveFailures > 0 ? Warn : Ok,
                    HealthState.Unused => Warn,
                    HealthState.Unhealthy => Error,
                    _ => Unknown,
                };
                inFarm[state]++;
                servers[state]++;
            }

            var checkedCount = inFarm[Ok] + inFarm[Warn] + inFarm[Error];
            farms[checkedCount == 0 ? Unknown : inFarm[Ok] == checkedCount ? Ok : inFarm[Error] == checkedCount ? Error : Warn]++;
        }

        var checkedServers = servers[Ok] + servers[Warn] + servers[Error];
        var service = checkedServers == 0 ? "unknown" : servers[Ok] == checkedServers ? "ok" : servers[Error] == checkedServers ? "error" : "warn";
        var dto = new OvhStatusDto(new OvhServiceStatusDto(service), Component(farms), Component(new long[4]), Component(servers));
        return TypedResults.Json(dto, OvhJsonContext.Default.OvhStatusDto);
    }

    private const int Ok = 0, Warn = 1, Error = 2, Unknown = 3;

    private static OvhStatusComponentDto Component(long[] counts) =>
        new(counts[Ok] + counts[Warn] + counts[Error] + counts[Unknown], new OvhStatusCountsDto(counts[Ok], counts[Warn], counts[Error], counts[Unknown]));

    private static async Task<IResult> RefreshAsync(HttpContext context, string serviceName, FleetService fleet, OvhTaskBook tasks)
    {
        if (await ServiceAsync(context, fleet, serviceName) is not { } lb)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        // Changes reach the engine as they are made: there is nothing pending, so the task is done when it is answered.
        return TypedResults.Json(tasks.Refresh(lb.ProjectId, lb.Id, lb.Region), OvhJsonContext.Default.OvhTaskDto);
    }

    private static async Task<IResult> TasksAsync(HttpContext context, string serviceName, FleetService fleet, OvhTaskBook tasks)
    {
        if (await ServiceAsync(context, fleet, serviceName) is not { } lb)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        return TypedResults.Json(tasks.Ids(lb.ProjectId, lb.Id), OvhJsonContext.Default.Int64Array);
    }

    private static async Task<IResult> TaskAsync(HttpContext context, string serviceName, string id, FleetService fleet, OvhTaskBook tasks)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var taskId))
        {
            return OvhErrorResults.BadRequest($"Invalid parameter id: '{id}' is not a long");
        }

        if (await ServiceAsync(context, fleet, serviceName) is not { } lb)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        return tasks.Find(lb.ProjectId, lb.Id, taskId) is { } task
            ? TypedResults.Json(task, OvhJsonContext.Default.OvhTaskDto)
            : OvhErrorResults.Missing("id", id);
    }

    private static async Task<IResult> AvailableProbesAsync(HttpContext context, string serviceName, FleetService fleet) =>
        await ServiceAsync(context, fleet, serviceName) is null
            ? OvhErrorResults.Missing("serviceName", serviceName)
            : TypedResults.Json(Probes, OvhJsonContext.Default.OvhAvailableProbeDtoArray);

    /// <summary>
    /// Any other call under a service: one of OVH's IPLB sections (frontends, routes, SSL, vRack, farm creation, UDP farms…)
    /// is not available; anything else is OVH's invalid URL.
    /// </summary>
    private static async Task<IResult> NotServedAsync(HttpContext context, string serviceName, string? rest, FleetService fleet)
    {
        var section = rest is null ? "" : rest.Split('/')[0];
        if (!OvhSections.Contains(section))
        {
            return OvhErrorResults.InvalidUrl();
        }

        if (await ServiceAsync(context, fleet, serviceName) is null)
        {
            return OvhErrorResults.Missing("serviceName", serviceName);
        }

        return OvhErrorResults.NotAvailable($"{context.Request.Method} /ipLoadbalancing/{{serviceName}}/{rest}");
    }
}
