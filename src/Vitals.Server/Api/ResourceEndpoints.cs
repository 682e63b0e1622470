using Vitals.Control.Fleet;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Api;

/// <summary>CRUD and list endpoints of every resource kind under <c>/api/v1</c>, for project tokens.</summary>
public static class ResourceEndpoints
{
    public static RouteGroupBuilder MapResourceEndpoints(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var resources = api.MapGroup("").RequireCaller();
        resources.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.GetCaller().ProjectId is null
                ? ApiProblems.Forbidden("resources belong to a project: use a project token")
                : await next(context));

        LoadBalancers.Map(resources);
        Listeners.Map(resources);
        Pools.Map(resources);
        Members.Map(resources);
        HealthMonitors.Map(resources);
        Instances.Map(resources);
        HaproxyBindings.Map(resources);
        Webhooks.Map(resources);
        Alertmanagers.Map(resources);
        resources.MapWebhookSecretEndpoints(Webhooks.CollectionPath);

        resources.MapGet("/pools/{id}/members", PoolMembersAsync).WithTags("Members")
            .WithName("ListPoolMembers").WithSummary("List the members of one pool (limit, marker, filters)")
            .Produces<MemberListDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static Task<IResult> PoolMembersAsync(string id, HttpContext http, FleetService fleet, CancellationToken ct)
    {
        var query = new ApiQuery(http.Request);
        var filter = MemberFilterOf(query);
        var projectId = http.ProjectId();
        return Members.ListPageAsync(query, paging => fleet.ListPoolMembersAsync(projectId, id, filter, paging, ct));
    }

    private static readonly ResourceRoutes<LoadBalancerInput, LoadBalancer, LoadBalancerDto, LoadBalancerListDto> LoadBalancers = new()
    {
        Path = "loadbalancers",
        Tag = "Load balancers",
        Singular = "LoadBalancer",
        ToDto = LoadBalancerDto.From,
        ToList = static (items, next, total) => new LoadBalancerListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateLoadBalancerAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetLoadBalancerAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateLoadBalancerAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteLoadBalancerAsync(project, id, ct)),
        List = static query =>
        {
            var filter = LoadBalancerFilter.All with { Ids = query.Strings("id"), Name = query.String("name"), Region = query.String("region") };
            return (fleet, project, paging, ct) => fleet.ListLoadBalancersAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<ListenerInput, Listener, ListenerDto, ListenerListDto> Listeners = new()
    {
        Path = "listeners",
        Tag = "Listeners",
        Singular = "Listener",
        ToDto = ListenerDto.From,
        ToList = static (items, next, total) => new ListenerListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateListenerAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetListenerAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateListenerAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteListenerAsync(project, id, ct)),
        List = static query =>
        {
            var filter = ListenerFilter.All with
            {
                Ids = query.Strings("id"),
                Name = query.String("name"),
                LoadBalancerId = query.String("loadbalancer_id"),
                Protocol = query.ListenerProtocol(),
                ProtocolPort = query.Int("protocol_port", 1, 65535),
                DefaultPoolId = query.String("default_pool_id"),
            };
            return (fleet, project, paging, ct) => fleet.ListListenersAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<ServerGroupInput, ServerGroupView, PoolDto, PoolListDto> Pools = new()
    {
        Path = "pools",
        Tag = "Pools",
        Singular = "Pool",
        ToDto = PoolDto.From,
        ToList = static (items, next, total) => new PoolListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateServerGroupAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetServerGroupAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateServerGroupAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteServerGroupAsync(project, id, ct)),
        List = static query =>
        {
            var filter = ServerGroupFilter.All with
            {
                Ids = query.Strings("id"),
                Name = query.String("name"),
                LoadBalancerId = query.String("loadbalancer_id"),
                Protocol = query.PoolProtocol(),
            };
            var listenerId = query.String("listener_id");
            return (fleet, project, paging, ct) => fleet.ListServerGroupsAsync(project, filter, listenerId, paging, ct);
        },
    };

    private static readonly ResourceRoutes<MemberInput, Member, MemberDto, MemberListDto> Members = new()
    {
        Path = "members",
        Tag = "Members",
        Singular = "Member",
        ToDto = MemberDto.From,
        ToList = static (items, next, total) => new MemberListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateMemberAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetMemberAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateMemberAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteMemberAsync(project, id, ct)),
        List = static query =>
        {
            var filter = MemberFilterOf(query) with { PoolId = query.String("pool_id") };
            return (fleet, project, paging, ct) => fleet.ListMembersAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<HealthMonitorInput, HealthMonitor, HealthMonitorDto, HealthMonitorListDto> HealthMonitors = new()
    {
        Path = "healthmonitors",
        Tag = "Health monitors",
        Singular = "HealthMonitor",
        ToDto = HealthMonitorDto.From,
        ToList = static (items, next, total) => new HealthMonitorListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateHealthMonitorAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetHealthMonitorAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateHealthMonitorAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteHealthMonitorAsync(project, id, ct)),
        List = static query =>
        {
            var filter = HealthMonitorFilter.All with
            {
                Ids = query.Strings("id"),
                Name = query.String("name"),
                PoolId = query.String("pool_id"),
                Type = query.MonitorType(),
            };
            return (fleet, project, paging, ct) => fleet.ListHealthMonitorsAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<InstanceInput, Instance, InstanceDto, InstanceListDto> Instances = new()
    {
        Path = "instances",
        Tag = "Instances",
        Singular = "Instance",
        ToDto = InstanceDto.From,
        ToList = static (items, next, total) => new InstanceListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateInstanceAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetInstanceAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateInstanceAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteInstanceAsync(project, id, ct)),
        List = static query =>
        {
            var filter = InstanceFilter.All with
            {
                Ids = query.Strings("id"),
                Name = query.String("name"),
                Region = query.String("region"),
                Address = query.Address("address"),
            };
            return (fleet, project, paging, ct) => fleet.ListInstancesAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<HaproxyBindingInput, HaproxyBindingView, HaproxyBindingDto, HaproxyBindingListDto> HaproxyBindings = new()
    {
        Path = "haproxy-bindings",
        Tag = "HAProxy bindings",
        Singular = "HaproxyBinding",
        ToDto = HaproxyBindingDto.From,
        ToList = static (items, next, total) => new HaproxyBindingListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateHaproxyBindingAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetHaproxyBindingAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateHaproxyBindingAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteHaproxyBindingAsync(project, id, ct)),
        List = static query =>
        {
            var filter = HaproxyBindingFilter.All with
            {
                Ids = query.Strings("id"),
                Name = query.String("name"),
                LoadBalancerId = query.String("loadbalancer_id"),
            };
            return (fleet, project, paging, ct) => fleet.ListHaproxyBindingsAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<WebhookInput, WebhookView, WebhookDto, WebhookListDto> Webhooks = new()
    {
        Path = "webhooks",
        Tag = "Webhooks",
        Singular = "Webhook",
        ToDto = WebhookDto.From,
        ToList = static (items, next, total) => new WebhookListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateWebhookAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetWebhookAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateWebhookAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteWebhookAsync(project, id, ct)),
        List = static query =>
        {
            var filter = WebhookFilter.All with { Ids = query.Strings("id"), Name = query.String("name"), AdminStateUp = query.Bool("admin_state_up") };
            return (fleet, project, paging, ct) => fleet.ListWebhooksAsync(project, filter, paging, ct);
        },
    };

    private static readonly ResourceRoutes<AlertmanagerInput, AlertmanagerTarget, AlertmanagerDto, AlertmanagerListDto> Alertmanagers = new()
    {
        Path = "alertmanagers",
        Tag = "Alertmanagers",
        Singular = "Alertmanager",
        ToDto = AlertmanagerDto.From,
        ToList = static (items, next, total) => new AlertmanagerListDto(items, next, total),
        Create = static (fleet, project, input, ct) => fleet.CreateAlertmanagerAsync(project, input, ct),
        Get = static (fleet, project, id, ct) => fleet.GetAlertmanagerAsync(project, id, ct),
        Update = static (fleet, project, id, input, ct) => fleet.UpdateAlertmanagerAsync(project, id, input, ct),
        Delete = static async (fleet, project, id, ct) => FleetHttp.NoContent(await fleet.DeleteAlertmanagerAsync(project, id, ct)),
        List = static query =>
        {
            var filter = AlertmanagerFilter.All with
            {
                Ids = query.Strings("id"), Name = query.String("name"), AdminStateUp = query.Bool("admin_state_up"),
            };
            return (fleet, project, paging, ct) => fleet.ListAlertmanagersAsync(project, filter, paging, ct);
        },
    };

    /// <summary>Member filters shared by <c>/members</c> and <c>/pools/{id}/members</c>.</summary>
    private static MemberFilter MemberFilterOf(ApiQuery query) => MemberFilter.All with
    {
        Ids = query.Strings("id"),
        Name = query.String("name"),
        Address = query.Address("address"),
        ProtocolPort = query.Int("protocol_port", 1, 65535),
        InstanceId = query.String("instance_id"),
        AdminStateUp = query.Bool("admin_state_up"),
    };
}
