using Vitals.Control.Fleet;

namespace Vitals.Server.Dialects.Huawei;

/// <summary><c>/v3/{project_id}/elb/healthmonitors</c>: list, create, show, update, delete through the native fleet service.</summary>
internal static class HuaweiHealthMonitorEndpoints
{
    private const string Wrapper = "healthmonitor";

    private static readonly HuaweiFieldRule[] Rules = HuaweiWrite.Rules(
        new("pool_id", HuaweiFieldKind.String),
        new("type", HuaweiFieldKind.String),
        new("delay", HuaweiFieldKind.Integer),
        new("timeout", HuaweiFieldKind.Integer),
        new("max_retries", HuaweiFieldKind.Integer),
        new("max_retries_down", HuaweiFieldKind.Integer),
        new("monitor_port", HuaweiFieldKind.Integer, Nullable: true),
        new("domain_name", HuaweiFieldKind.String, Nullable: true),
        new("url_path", HuaweiFieldKind.String, Nullable: true),
        new("http_method", HuaweiFieldKind.String, Nullable: true),
        new("expected_codes", HuaweiFieldKind.String, Nullable: true));

    public static RouteGroupBuilder MapHuaweiHealthMonitors(this RouteGroupBuilder elb) =>
        elb.MapHuaweiResource("/healthmonitors", "healthmonitor_id", ListAsync, CreateAsync, ShowAsync, UpdateAsync, DeleteAsync);

    private static Task<IResult> ListAsync(HttpContext context, FleetService fleet) =>
        HuaweiEndpoints.ListAsync(context, "a health monitor of this project", HuaweiHealthMonitorFilter.Read,
            (project, filter, slice) => fleet.SliceHealthMonitorsAsync(project, filter.Store, filter.Where, slice, context.RequestAborted),
            static monitor => ValueTask.FromResult(HuaweiHealthMonitorMapper.ToDto(monitor)),
            dtos => TypedResults.Json(new HuaweiHealthMonitorListDto(dtos, HuaweiEndpoints.Info(dtos, static d => d.Id), HuaweiRequestId.Of(context)),
                HuaweiJsonContext.Default.HuaweiHealthMonitorListDto));

    private static async Task<IResult> CreateAsync(HttpContext context, FleetService fleet)
    {
        var (write, error) = await HuaweiWrite.ReadAsync(context, Wrapper, Rules);
        if (write is null)
        {
            return error!;
        }

        var (project, fields) = (write.Project, write.Fields);
        if (!fields.Has("pool_id"))
        {
            write.Errors.Add("pool_id", "is required");
        }

        if (write.Invalid(context) is { } invalid)
        {
            return invalid;
        }

        var created = await fleet.CreateHealthMonitorAsync(project, Input(fields), context.RequestAborted);
        return created.IsSuccess
            ? One(context, created.Value, StatusCodes.Status201Created)
            : HuaweiErrors.From(context, created, fields);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string healthmonitor_id, FleetService fleet)
    {
        var monitor = await fleet.GetHealthMonitorAsync(HuaweiAccess.ProjectOf(context), healthmonitor_id, context.RequestAborted);
        return monitor.IsSuccess ? One(context, monitor.Value, StatusCodes.Status200OK) : NotFound(context, healthmonitor_id);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string healthmonitor_id, FleetService fleet)
    {
        var (write, error) = await HuaweiWrite.ReadAsync(context, Wrapper, Rules);
        if (write is null)
        {
            return error!;
        }

        var (project, fields) = (write.Project, write.Fields);
        var current = (await fleet.GetHealthMonitorAsync(project, healthmonitor_id, context.RequestAborted)).Value;
        if (current is null)
        {
            return NotFound(context, healthmonitor_id);
        }

        fields.Fixed(write.Errors, "pool_id", current.PoolId);
        if (write.Invalid(context) is { } invalid)
        {
            return invalid;
        }

        var updated = await fleet.UpdateHealthMonitorAsync(project, healthmonitor_id, Input(fields), context.RequestAborted);
        return updated.IsSuccess ? One(context, updated.Value, StatusCodes.Status200OK) : HuaweiErrors.From(context, updated, fields);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string healthmonitor_id, FleetService fleet)
    {
        var deleted = await fleet.DeleteHealthMonitorAsync(HuaweiAccess.ProjectOf(context), healthmonitor_id, context.RequestAborted);
        return deleted.IsSuccess ? HuaweiEndpoints.NoContent(context)
            : deleted.Outcome == FleetOutcome.NotFound ? NotFound(context, healthmonitor_id) : HuaweiErrors.From(context, deleted);
    }

    private static HealthMonitorInput Input(HuaweiFields fields) => new()
    {
        Fields = fields.Names,
        Name = fields.String("name"),
        PoolId = fields.String("pool_id"),
        Type = fields.String("type"),
        Delay = fields.Integer("delay"),
        Timeout = fields.Integer("timeout"),
        MaxRetries = fields.Integer("max_retries"),
        MaxRetriesDown = fields.Integer("max_retries_down"),
        AdminStateUp = fields.Boolean("admin_state_up"),
        MonitorPort = fields.Integer("monitor_port"),
        DomainName = fields.String("domain_name"),
        UrlPath = fields.String("url_path"),
        HttpMethod = fields.String("http_method"),
        ExpectedCodes = fields.String("expected_codes"),
    };

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<HuaweiHealthMonitorOneDto> One(HttpContext context,
        Vitals.Core.Resources.HealthMonitor monitor, int status) =>
        TypedResults.Json(new HuaweiHealthMonitorOneDto(HuaweiRequestId.Of(context), HuaweiHealthMonitorMapper.ToDto(monitor)),
            HuaweiJsonContext.Default.HuaweiHealthMonitorOneDto, statusCode: status);

    private static IResult NotFound(HttpContext context, string id) =>
        HuaweiErrors.Missing(context, $"healthmonitor {id} could not be found");
}
