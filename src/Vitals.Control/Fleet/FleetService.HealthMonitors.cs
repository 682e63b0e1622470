using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Core.Validation;
using Vitals.Storage.Filters;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    private const string MonitorKind = "health monitor";

    /// <summary>Creates the health monitor of a pool: the spec rules, then the pool's protocol/type matrix, then one per pool.</summary>
    public async Task<FleetResult<HealthMonitor>> CreateHealthMonitorAsync(string projectId, HealthMonitorInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Required(errors, "pool_id", input.PoolId);
        var spec = CheckSpec(errors, input);
        if (errors.HasErrors)
        {
            return FleetResult<HealthMonitor>.Invalid(errors.Errors);
        }

        var pool = await _store.GetServerGroupAsync(projectId, input.PoolId!, cancellationToken);
        if (pool is null)
        {
            return FleetResult<HealthMonitor>.NotFound("pool_id", $"pool '{input.PoolId}' does not exist");
        }

        if (MatrixError(pool, spec!.Type) is { } matrix)
        {
            return FleetResult<HealthMonitor>.Invalid([matrix]);
        }

        var monitor = new HealthMonitor { Id = "", NumericId = 0, ProjectId = projectId, Name = input.Name ?? "", PoolId = pool.Id, Spec = spec };
        return await CommitAsync(() => _store.CreateHealthMonitorAsync(monitor, cancellationToken), created: true, MonitorKind, null,
            cancellationToken);
    }

    public async Task<FleetResult<HealthMonitor>> GetHealthMonitorAsync(string projectId, string id, CancellationToken cancellationToken) =>
        Found(await _store.GetHealthMonitorAsync(projectId, id, cancellationToken), MonitorKind, id);

    /// <summary>Changes the sent fields of the check; the result is validated whole, and a new type against the pool's protocol.</summary>
    public async Task<FleetResult<HealthMonitor>> UpdateHealthMonitorAsync(string projectId, string id, HealthMonitorInput input,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var current = await _store.GetHealthMonitorAsync(projectId, id, cancellationToken);
        if (current is null)
        {
            return Missing<HealthMonitor>(MonitorKind, id);
        }

        var errors = new FieldErrorList();
        ResourceRules.Name(errors, input.Name);
        Fixed(errors, input, "pool_id", input.PoolId, current.PoolId);
        var spec = CheckSpec(errors, MergeDraft(HealthMonitorDraft.From(current.Spec), input));
        if (errors.HasErrors)
        {
            return FleetResult<HealthMonitor>.Invalid(errors.Errors);
        }

        var pool = await _store.GetServerGroupAsync(projectId, current.PoolId, cancellationToken);
        if (pool is not null && MatrixError(pool, spec!.Type) is { } matrix)
        {
            return FleetResult<HealthMonitor>.Invalid([matrix]);
        }

        var changed = current with { Name = input.Name ?? current.Name, Spec = spec! };
        return await CommitAsync(() => _store.UpdateHealthMonitorAsync(changed, cancellationToken), created: false, MonitorKind, id,
            cancellationToken);
    }

    public Task<FleetResult<HealthMonitor>> DeleteHealthMonitorAsync(string projectId, string id, CancellationToken cancellationToken) =>
        DeleteAsync(() => _store.GetHealthMonitorAsync(projectId, id, cancellationToken),
            () => _store.DeleteHealthMonitorAsync(projectId, id, cancellationToken), MonitorKind, id, cancellationToken);

    public Task<FleetResult<FleetPage<HealthMonitor>>> ListHealthMonitorsAsync(string projectId, HealthMonitorFilter filter, FleetPaging paging,
        CancellationToken cancellationToken) =>
        PageAsync(paging, MonitorKind, marker => _store.GetHealthMonitorAsync(projectId, marker, cancellationToken),
            page => _store.ListHealthMonitorsAsync(projectId, filter, page, cancellationToken));

    /// <summary>
    /// The stored check with the sent fields replaced (null resets a field to its default). When the type moves between
    /// GRPC and an HTTP type and no codes are sent, the codes reset too: 200 is no gRPC status, 0 no HTTP status.
    /// </summary>
    private static HealthMonitorDraft MergeDraft(HealthMonitorDraft stored, HealthMonitorInput input)
    {
        var draft = stored with
        {
            Type = input.Type ?? stored.Type,
            Delay = input.Delay ?? stored.Delay,
            Timeout = input.Timeout ?? stored.Timeout,
            MaxRetries = input.MaxRetries ?? stored.MaxRetries,
            MaxRetriesDown = input.MaxRetriesDown ?? stored.MaxRetriesDown,
            AdminStateUp = input.AdminStateUp ?? stored.AdminStateUp,
            ExpectedCodes = input.Has("expected_codes") ? input.ExpectedCodes : stored.ExpectedCodes,
            UrlPath = input.Has("url_path") ? input.UrlPath : stored.UrlPath,
            HttpMethod = input.Has("http_method") ? input.HttpMethod : stored.HttpMethod,
            DomainName = input.Has("domain_name") ? input.DomainName : stored.DomainName,
            MonitorPort = input.Has("monitor_port") ? input.MonitorPort : stored.MonitorPort,
        };
        var wasGrpc = HealthMonitorTypes.TryParse(stored.Type, out var before) && before == HealthMonitorType.Grpc;
        var isGrpc = HealthMonitorTypes.TryParse(draft.Type, out var after) && after == HealthMonitorType.Grpc;
        return wasGrpc != isGrpc && !input.Has("expected_codes") ? draft with { ExpectedCodes = null } : draft;
    }

    private static HealthMonitorSpec? CheckSpec(FieldErrorList errors, HealthMonitorDraft draft)
    {
        if (HealthMonitorValidator.TryCreate(draft, out var spec, out var specErrors))
        {
            return spec;
        }

        foreach (var error in specErrors)
        {
            errors.Add(error.Field, error.Message);
        }

        return null;
    }

    /// <summary>The Huawei pool-protocol / monitor-type matrix (§2.1 of the ELB v3 spec).</summary>
    private static FieldError? MatrixError(ServerGroup pool, HealthMonitorType type)
    {
        if (pool.Protocol.Allows(type))
        {
            return null;
        }

        var allowed = string.Join(", ", pool.Protocol.AllowedMonitorTypes().Select(static t => t.ToWire()));
        return new FieldError("type", $"a pool of protocol {pool.Protocol.ToWire()} allows only {allowed} (got {type.ToWire()})");
    }
}
