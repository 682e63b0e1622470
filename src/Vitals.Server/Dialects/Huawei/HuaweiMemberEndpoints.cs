using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// <c>/v3/{project_id}/elb/pools/{pool_id}/members</c>: the minimal member API of huawei-elb-v3.md §9, with
/// <c>operating_status</c> from the live engine.
/// </summary>
internal static class HuaweiMemberEndpoints
{
    private const string Wrapper = "member";

    private static readonly HuaweiFieldRule[] Rules =
    [
        new("name", HuaweiFieldKind.String),
        new("project_id", HuaweiFieldKind.String),
        new("address", HuaweiFieldKind.String),
        new("protocol_port", HuaweiFieldKind.Integer),
        new("weight", HuaweiFieldKind.Integer),
        new("admin_state_up", HuaweiFieldKind.Boolean),
        new("instance_id", HuaweiFieldKind.String, Nullable: true),
        new("subnet_cidr_id", HuaweiFieldKind.String, Nullable: true),
    ];

    public static RouteGroupBuilder MapHuaweiMembers(this RouteGroupBuilder elb)
    {
        var group = elb.MapGroup("/pools/{pool_id}/members");
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapGet("/{member_id}", ShowAsync);
        group.MapPut("/{member_id}", UpdateAsync);
        group.MapDelete("/{member_id}", DeleteAsync);
        return elb;
    }

    private static async Task<IResult> ListAsync(HttpContext context, string pool_id, IStore store, FleetService fleet, LiveHealthReader health)
    {
        var project = HuaweiAccess.ProjectOf(context);
        var query = new HuaweiQuery(context.Request.Query);
        var ids = query.Strings("id");
        var names = query.Strings("name");
        var addresses = query.Strings("address");
        var ports = query.Integers("protocol_port");
        var weights = query.Integers("weight");
        var adminStateUp = query.Boolean("admin_state_up");
        var statuses = query.Strings("operating_status");
        var paging = HuaweiPaging.Read(query);
        if (query.HasErrors)
        {
            return HuaweiErrors.Invalid(context, HuaweiErrors.Describe(query.Errors, null));
        }

        var view = await fleet.GetServerGroupAsync(project, pool_id, context.RequestAborted);
        if (!view.IsSuccess)
        {
            return PoolNotFound(context, pool_id);
        }

        long? pivot = null;
        if (paging.Marker is { Length: > 0 } marker)
        {
            var last = await store.GetMemberAsync(project, marker, context.RequestAborted);
            if (last is null || last.PoolId != pool_id)
            {
                return HuaweiErrors.Invalid(context, $"Invalid input for field/attribute marker. Value: {marker}. not the id of a member of this pool");
            }

            pivot = paging.Limit is null ? null : last.NumericId;
        }

        var monitor = await MonitorAsync(store, project, view.Value.HealthMonitorId, context.RequestAborted);
        var all = await HuaweiAllPages.ReadAsync(page =>
            store.ListMembersAsync(project, MemberFilter.All with { PoolId = pool_id }, page, context.RequestAborted));
        var matching = new List<(long NumericId, HuaweiMemberDto Dto)>(all.Count);
        foreach (var member in all)
        {
            var dto = HuaweiMemberMapper.ToDto(member, health, monitor, view.Value.ListenerId);
            if (HuaweiQuery.Matches(ids, dto.Id) && HuaweiQuery.Matches(names, dto.Name) && HuaweiQuery.Matches(addresses, dto.Address)
                && HuaweiQuery.Matches(ports, dto.ProtocolPort) && HuaweiQuery.Matches(weights, dto.Weight)
                && (adminStateUp is null || adminStateUp == dto.AdminStateUp) && HuaweiQuery.Matches(statuses, dto.OperatingStatus))
            {
                matching.Add((member.NumericId, dto));
            }
        }

        var page = paging.Slice(matching, static m => m.NumericId, pivot);
        var dtos = new HuaweiMemberDto[page.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            dtos[i] = page[i].Dto;
        }

        var body = new HuaweiMemberListDto(dtos, HuaweiPaging.Info(dtos, static d => d.Id), HuaweiRequestId.Of(context));
        return TypedResults.Json(body, HuaweiJsonContext.Default.HuaweiMemberListDto);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string pool_id, IStore store, FleetService fleet, LiveHealthReader health)
    {
        var project = HuaweiAccess.ProjectOf(context);
        var (fields, error) = await HuaweiBody.ReadAsync(context, Wrapper, Rules);
        if (fields is null)
        {
            return error!;
        }

        var errors = Check(fields, project);
        if (errors.HasErrors)
        {
            return HuaweiErrors.Invalid(context, errors.Errors, fields);
        }

        if (await store.GetServerGroupAsync(project, pool_id, context.RequestAborted) is null)
        {
            return PoolNotFound(context, pool_id);
        }

        var input = Input(fields, pool_id);
        var created = await fleet.CreateMemberAsync(project, input, context.RequestAborted);
        return created.IsSuccess
            ? await OneAsync(context, store, fleet, health, created.Value, StatusCodes.Status201Created)
            : HuaweiErrors.From(context, created, fields);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string pool_id, string member_id, IStore store, FleetService fleet,
        LiveHealthReader health)
    {
        var member = await FindAsync(store, HuaweiAccess.ProjectOf(context), pool_id, member_id, context.RequestAborted);
        return member is null ? NotFound(context, member_id) : await OneAsync(context, store, fleet, health, member, StatusCodes.Status200OK);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string pool_id, string member_id, IStore store, FleetService fleet,
        LiveHealthReader health)
    {
        var project = HuaweiAccess.ProjectOf(context);
        var (fields, error) = await HuaweiBody.ReadAsync(context, Wrapper, Rules);
        if (fields is null)
        {
            return error!;
        }

        var current = await FindAsync(store, project, pool_id, member_id, context.RequestAborted);
        if (current is null)
        {
            return NotFound(context, member_id);
        }

        var errors = Check(fields, project);
        if (errors.HasErrors)
        {
            return HuaweiErrors.Invalid(context, errors.Errors, fields);
        }

        var updated = await fleet.UpdateMemberAsync(project, member_id, Input(fields, null), context.RequestAborted);
        return updated.IsSuccess
            ? await OneAsync(context, store, fleet, health, updated.Value, StatusCodes.Status200OK)
            : HuaweiErrors.From(context, updated, fields);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string pool_id, string member_id, IStore store, FleetService fleet)
    {
        var project = HuaweiAccess.ProjectOf(context);
        if (await FindAsync(store, project, pool_id, member_id, context.RequestAborted) is null)
        {
            return NotFound(context, member_id);
        }

        var deleted = await fleet.DeleteMemberAsync(project, member_id, context.RequestAborted);
        if (!deleted.IsSuccess)
        {
            return HuaweiErrors.From(context, deleted);
        }

        HuaweiRequestId.Of(context);
        return TypedResults.NoContent();
    }

    /// <summary>Rules the native service does not know: the project in the body, and subnets (not modelled: cross-VPC only).</summary>
    private static FieldErrorList Check(HuaweiFields fields, string project)
    {
        var errors = new FieldErrorList();
        fields.Fixed(errors, "project_id", project);
        if (fields.String("subnet_cidr_id") is { Length: > 0 })
        {
            errors.Add("subnet_cidr_id", "subnets are not modelled: leave it out, null or empty (members are reached by address)");
        }

        return errors;
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

    private static async Task<Member?> FindAsync(IStore store, string project, string poolId, string memberId, CancellationToken cancellationToken)
    {
        var member = await store.GetMemberAsync(project, memberId, cancellationToken);
        return member is not null && member.PoolId == poolId ? member : null;
    }

    private static async Task<HealthMonitor?> MonitorAsync(IStore store, string project, string? monitorId, CancellationToken cancellationToken) =>
        monitorId is null ? null : await store.GetHealthMonitorAsync(project, monitorId, cancellationToken);

    private static async Task<IResult> OneAsync(HttpContext context, IStore store, FleetService fleet, LiveHealthReader health, Member member, int status)
    {
        var view = await fleet.GetServerGroupAsync(member.ProjectId, member.PoolId, context.RequestAborted);
        var monitor = await MonitorAsync(store, member.ProjectId, view.Value?.HealthMonitorId, context.RequestAborted);
        var dto = HuaweiMemberMapper.ToDto(member, health, monitor, view.Value?.ListenerId);
        return TypedResults.Json(new HuaweiMemberOneDto(HuaweiRequestId.Of(context), dto), HuaweiJsonContext.Default.HuaweiMemberOneDto,
            statusCode: status);
    }

    private static IResult PoolNotFound(HttpContext context, string id) => HuaweiErrors.Missing(context, $"pool {id} could not be found");

    private static IResult NotFound(HttpContext context, string id) => HuaweiErrors.Missing(context, $"member {id} could not be found");
}
