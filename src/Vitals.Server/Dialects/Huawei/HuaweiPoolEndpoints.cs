using Vitals.Control.Fleet;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Huawei;

/// <summary><c>/v3/{project_id}/elb/pools</c>: the minimal pool API of huawei-elb-v3.md §8, through the native fleet service.</summary>
internal static class HuaweiPoolEndpoints
{
    private const string Wrapper = "pool";

    private static readonly HuaweiFieldRule[] Rules = HuaweiWrite.Rules(
        new("protocol", HuaweiFieldKind.String),
        new("lb_algorithm", HuaweiFieldKind.String),
        new("loadbalancer_id", HuaweiFieldKind.String),
        new("listener_id", HuaweiFieldKind.String));

    public static RouteGroupBuilder MapHuaweiPools(this RouteGroupBuilder elb) =>
        elb.MapHuaweiResource("/pools", "pool_id", ListAsync, CreateAsync, ShowAsync, UpdateAsync, DeleteAsync);

    private static Task<IResult> ListAsync(HttpContext context, FleetService fleet) =>
        HuaweiEndpoints.ListAsync(context, "a pool of this project", HuaweiPoolFilter.Read,
            (project, filter, slice) => fleet.SliceServerGroupsAsync(project, filter.Store, filter.Where, slice, context.RequestAborted),
            view => new ValueTask<HuaweiPoolDto>(ToDtoAsync(fleet, view, context.RequestAborted)),
            dtos => TypedResults.Json(new HuaweiPoolListDto(dtos, HuaweiEndpoints.Info(dtos, static d => d.Id), HuaweiRequestId.Of(context)),
                HuaweiJsonContext.Default.HuaweiPoolListDto));

    private static async Task<IResult> CreateAsync(HttpContext context, FleetService fleet)
    {
        var (write, error) = await HuaweiWrite.ReadAsync(context, Wrapper, Rules);
        if (write is null)
        {
            return error!;
        }

        var (project, fields) = (write.Project, write.Fields);
        var loadBalancerId = fields.String("loadbalancer_id");
        var listenerId = fields.String("listener_id");
        if (loadBalancerId is null && listenerId is null)
        {
            write.Errors.Add("loadbalancer_id", "one of loadbalancer_id and listener_id is required");
        }

        if (write.Invalid(context) is { } invalid)
        {
            return invalid;
        }

        if (loadBalancerId is null)
        {
            // Huawei lets a pool name only its listener; the load balancer is then the listener's.
            var listener = await fleet.GetListenerAsync(project, listenerId!, context.RequestAborted);
            if (!listener.IsSuccess)
            {
                return HuaweiErrors.Missing(context, $"listener {listenerId} could not be found");
            }

            loadBalancerId = listener.Value.LoadBalancerId;
        }

        var input = new ServerGroupInput
        {
            Fields = fields.Names,
            Name = fields.String("name"),
            LoadBalancerId = loadBalancerId,
            ListenerId = listenerId,
            Protocol = fields.String("protocol"),
            LbAlgorithm = fields.String("lb_algorithm"),
            AdminStateUp = fields.Boolean("admin_state_up"),
        };
        var created = await fleet.CreateServerGroupAsync(project, input, context.RequestAborted);
        return created.IsSuccess
            ? await OneAsync(context, fleet, created.Value, StatusCodes.Status201Created)
            : HuaweiErrors.From(context, created, fields);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string pool_id, FleetService fleet)
    {
        var view = await fleet.GetServerGroupAsync(HuaweiAccess.ProjectOf(context), pool_id, context.RequestAborted);
        return view.IsSuccess ? await OneAsync(context, fleet, view.Value, StatusCodes.Status200OK) : NotFound(context, pool_id);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string pool_id, FleetService fleet)
    {
        var (write, error) = await HuaweiWrite.ReadAsync(context, Wrapper, Rules);
        if (write is null)
        {
            return error!;
        }

        var (project, fields) = (write.Project, write.Fields);
        if (write.Invalid(context) is { } invalid)
        {
            return invalid;
        }

        var input = new ServerGroupInput
        {
            Fields = fields.Names,
            Name = fields.String("name"),
            LoadBalancerId = fields.String("loadbalancer_id"),
            ListenerId = fields.String("listener_id"),
            Protocol = fields.String("protocol"),
            LbAlgorithm = fields.String("lb_algorithm"),
            AdminStateUp = fields.Boolean("admin_state_up"),
        };
        var updated = await fleet.UpdateServerGroupAsync(project, pool_id, input, context.RequestAborted);
        if (updated.IsSuccess)
        {
            return await OneAsync(context, fleet, updated.Value, StatusCodes.Status200OK);
        }

        return updated.Outcome == FleetOutcome.NotFound && updated.Field is null ? NotFound(context, pool_id) : HuaweiErrors.From(context, updated, fields);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string pool_id, FleetService fleet)
    {
        var deleted = await fleet.DeleteServerGroupAsync(HuaweiAccess.ProjectOf(context), pool_id, context.RequestAborted);
        return deleted.IsSuccess ? HuaweiEndpoints.NoContent(context)
            : deleted.Outcome == FleetOutcome.NotFound && deleted.Field is null ? NotFound(context, pool_id) : HuaweiErrors.From(context, deleted);
    }

    private static async Task<IResult> OneAsync(HttpContext context, FleetService fleet, ServerGroupView view, int status) =>
        TypedResults.Json(new HuaweiPoolOneDto(HuaweiRequestId.Of(context), await ToDtoAsync(fleet, view, context.RequestAborted)),
            HuaweiJsonContext.Default.HuaweiPoolOneDto, statusCode: status);

    private static async Task<HuaweiPoolDto> ToDtoAsync(FleetService fleet, ServerGroupView view, CancellationToken cancellationToken)
    {
        var pool = view.Pool;
        var members = await fleet.ListAllMembersAsync(pool.ProjectId, MemberFilter.All with { PoolId = pool.Id }, cancellationToken);
        var memberRefs = new HuaweiRefDto[members.Count];
        for (var i = 0; i < memberRefs.Length; i++)
        {
            memberRefs[i] = new HuaweiRefDto(members[i].Id);
        }

        return new HuaweiPoolDto(
            pool.Id,
            pool.Name,
            "",
            pool.ProjectId,
            pool.Protocol.ToWire(),
            pool.LbAlgorithm,
            pool.AdminStateUp,
            view.HealthMonitorId ?? "",
            memberRefs,
            view.ListenerId is null ? [] : [new HuaweiRefDto(view.ListenerId)],
            [new HuaweiRefDto(pool.LoadBalancerId)],
            HuaweiTime.Format(pool.CreatedAt),
            HuaweiTime.Format(pool.UpdatedAt));
    }

    private static IResult NotFound(HttpContext context, string id) => HuaweiErrors.Missing(context, $"pool {id} could not be found");
}
