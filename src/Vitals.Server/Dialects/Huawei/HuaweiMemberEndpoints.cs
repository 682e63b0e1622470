using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Resources;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// <c>/v3/{project_id}/elb/pools/{pool_id}/members</c>: the minimal member API of huawei-elb-v3.md §9, with
/// <c>operating_status</c> from the live engine.
/// </summary>
internal static class HuaweiMemberEndpoints
{
    private const string Wrapper = "member";

    private static readonly HuaweiFieldRule[] Rules = HuaweiWrite.Rules(
        new("address", HuaweiFieldKind.String),
        new("protocol_port", HuaweiFieldKind.Integer),
        new("weight", HuaweiFieldKind.Integer),
        new("instance_id", HuaweiFieldKind.String, Nullable: true),
        new("subnet_cidr_id", HuaweiFieldKind.String, Nullable: true));

    public static RouteGroupBuilder MapHuaweiMembers(this RouteGroupBuilder elb) =>
        elb.MapHuaweiResource("/pools/{pool_id}/members", "member_id", ListAsync, CreateAsync, ShowAsync, UpdateAsync, DeleteAsync);

    private static Task<IResult> ListAsync(HttpContext context, string pool_id, FleetService fleet, LiveHealthReader health) =>
        HuaweiEndpoints.ListAsync(context, "a member of this pool", HuaweiMemberFilter.Read,
            (project, filter, slice) => ReadAsync(fleet, health, project, pool_id, filter, slice, context.RequestAborted),
            dtos => TypedResults.Json(new HuaweiMemberListDto(dtos, HuaweiEndpoints.Info(dtos, static d => d.Id), HuaweiRequestId.Of(context)),
                HuaweiJsonContext.Default.HuaweiMemberListDto));

    /// <summary>
    /// A slice of the pool's members as the client sees them. Each member is mapped once, so the live operating_status a
    /// filter matched is the one the answer shows.
    /// </summary>
    private static async Task<FleetResult<FleetPage<HuaweiMemberDto>>> ReadAsync(FleetService fleet, LiveHealthReader health, string project,
        string poolId, HuaweiMemberFilter filter, FleetSlice slice, CancellationToken cancellationToken)
    {
        var view = await fleet.GetServerGroupAsync(project, poolId, cancellationToken);
        if (!view.IsSuccess)
        {
            return FleetResult<FleetPage<HuaweiMemberDto>>.NotFound(null, PoolNotFoundMessage(poolId));
        }

        var monitor = await MonitorAsync(fleet, project, view.Value.HealthMonitorId, cancellationToken);
        var mapped = new Dictionary<string, HuaweiMemberDto>(StringComparer.Ordinal);
        HuaweiMemberDto Map(Member member)
        {
            if (!mapped.TryGetValue(member.Id, out var dto))
            {
                dto = HuaweiMemberMapper.ToDto(member, health, monitor, view.Value.ListenerId);
                mapped[member.Id] = dto;
            }

            return dto;
        }

        var page = await fleet.SlicePoolMembersAsync(project, poolId, filter.Store, filter.NeedsMatching ? m => filter.Matches(Map(m)) : null, slice,
            cancellationToken);
        if (!page.IsSuccess)
        {
            return page.As<FleetPage<HuaweiMemberDto>>();
        }

        var dtos = new HuaweiMemberDto[page.Value.Items.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            dtos[i] = Map(page.Value.Items[i]);
        }

        return FleetResult<FleetPage<HuaweiMemberDto>>.Ok(new FleetPage<HuaweiMemberDto>(dtos, page.Value.NextMarker, page.Value.TotalCount));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string pool_id, FleetService fleet, LiveHealthReader health)
    {
        var (write, error) = await HuaweiWrite.ReadAsync(context, Wrapper, Rules);
        if (write is null)
        {
            return error!;
        }

        var (project, fields) = (write.Project, write.Fields);
        if (Check(write).Invalid(context) is { } invalid)
        {
            return invalid;
        }

        if (!(await fleet.GetServerGroupAsync(project, pool_id, context.RequestAborted)).IsSuccess)
        {
            return PoolNotFound(context, pool_id);
        }

        var input = Input(fields, pool_id);
        var created = await fleet.CreateMemberAsync(project, input, context.RequestAborted);
        return created.IsSuccess
            ? await OneAsync(context, fleet, health, created.Value, StatusCodes.Status201Created)
            : HuaweiErrors.From(context, created, fields);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string pool_id, string member_id, FleetService fleet,
        LiveHealthReader health)
    {
        var member = await FindAsync(fleet, HuaweiAccess.ProjectOf(context), pool_id, member_id, context.RequestAborted);
        return member is null ? NotFound(context, member_id) : await OneAsync(context, fleet, health, member, StatusCodes.Status200OK);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string pool_id, string member_id, FleetService fleet,
        LiveHealthReader health)
    {
        var (write, error) = await HuaweiWrite.ReadAsync(context, Wrapper, Rules);
        if (write is null)
        {
            return error!;
        }

        var (project, fields) = (write.Project, write.Fields);
        if (await FindAsync(fleet, project, pool_id, member_id, context.RequestAborted) is null)
        {
            return NotFound(context, member_id);
        }

        if (Check(write).Invalid(context) is { } invalid)
        {
            return invalid;
        }

        var updated = await fleet.UpdateMemberAsync(project, member_id, Input(fields, null), context.RequestAborted);
        return updated.IsSuccess
            ? await OneAsync(context, fleet, health, updated.Value, StatusCodes.Status200OK)
            : HuaweiErrors.From(context, updated, fields);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string pool_id, string member_id, FleetService fleet)
    {
        var project = HuaweiAccess.ProjectOf(context);
        if (await FindAsync(fleet, project, pool_id, member_id, context.RequestAborted) is null)
        {
            return NotFound(context, member_id);
        }

        var deleted = await fleet.DeleteMemberAsync(project, member_id, context.RequestAborted);
        return deleted.IsSuccess ? HuaweiEndpoints.NoContent(context) : HuaweiErrors.From(context, deleted);
    }

    /// <summary>A rule the native service does not know: subnets are not modelled (cross-VPC only).</summary>
    private static HuaweiWrite Check(HuaweiWrite write)
    {
        if (write.Fields.String("subnet_cidr_id") is { Length: > 0 })
        {
            write.Errors.Add("subnet_cidr_id", "subnets are not modelled: leave it out, null or empty (members are reached by address)");
        }

        return write;
    }

    private static MemberInput Input(HuaweiFields fields, string? poolId)
    {
        var names = new HashSet<string>(fields.Names, StringComparer.Ordinal);
        names.Remove("subnet_cidr_id");
        names.Remove("project_id");
        return new MemberInput
        {
            Fields = names,
            PoolId = poolId,
            Name = fields.String("name"),
            Address = fields.String("address"),
            ProtocolPort = fields.Integer("protocol_port"),
            Weight = fields.Integer("weight"),
            AdminStateUp = fields.Boolean("admin_state_up"),
            InstanceId = fields.String("instance_id"),
        };
    }

    private static async Task<Member?> FindAsync(FleetService fleet, string project, string poolId, string memberId,
        CancellationToken cancellationToken)
    {
        var member = (await fleet.GetMemberAsync(project, memberId, cancellationToken)).Value;
        return member is not null && member.PoolId == poolId ? member : null;
    }

    private static async Task<HealthMonitor?> MonitorAsync(FleetService fleet, string project, string? monitorId,
        CancellationToken cancellationToken) =>
        monitorId is null ? null : (await fleet.GetHealthMonitorAsync(project, monitorId, cancellationToken)).Value;

    private static async Task<IResult> OneAsync(HttpContext context, FleetService fleet, LiveHealthReader health, Member member, int status)
    {
        var view = await fleet.GetServerGroupAsync(member.ProjectId, member.PoolId, context.RequestAborted);
        var monitor = await MonitorAsync(fleet, member.ProjectId, view.Value?.HealthMonitorId, context.RequestAborted);
        var dto = HuaweiMemberMapper.ToDto(member, health, monitor, view.Value?.ListenerId);
        return TypedResults.Json(new HuaweiMemberOneDto(HuaweiRequestId.Of(context), dto), HuaweiJsonContext.Default.HuaweiMemberOneDto,
            statusCode: status);
    }

    private static IResult PoolNotFound(HttpContext context, string id) => HuaweiErrors.Missing(context, PoolNotFoundMessage(id));

    private static string PoolNotFoundMessage(string id) => $"pool {id} could not be found";

    private static IResult NotFound(HttpContext context, string id) => HuaweiErrors.Missing(context, $"member {id} could not be found");
}
