using Vitals.Core.Monitoring;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string HealthMonitorColumns =
        "numeric_id, id, project_id, pool_id, name, type, delay, timeout, max_retries, max_retries_down, expected_codes, url_path, "
        + "http_method, domain_name, monitor_port, admin_state_up, created_at, updated_at";

    private const string HealthMonitorSpecAssignments =
        "name = @Name, type = @Type, delay = @Delay, timeout = @Timeout, max_retries = @MaxRetries, max_retries_down = @MaxRetriesDown, "
        + "expected_codes = @ExpectedCodes, url_path = @UrlPath, http_method = @HttpMethod, domain_name = @DomainName, "
        + "monitor_port = @MonitorPort, admin_state_up = @AdminStateUp, updated_at = @now";

    public Task<StoreResult<HealthMonitor>> CreateHealthMonitorAsync(HealthMonitor healthMonitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(healthMonitor);
        var now = NowValue();
        var id = NewId(healthMonitor.Id, ResourceIds.HealthMonitor);
        return WriteAsync(ChangeKind.HealthMonitor, ChangeOp.Upsert, healthMonitor.ProjectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "server_groups", healthMonitor.ProjectId, healthMonitor.PoolId))
            {
                return StoreResult<HealthMonitor>.NotFound("pool_id", "the server group does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO health_monitors (id, project_id, pool_id, name, type, delay, timeout, max_retries, max_retries_down,
                    expected_codes, url_path, http_method, domain_name, monitor_port, admin_state_up, created_at, updated_at)
                VALUES (@Id, @ProjectId, @PoolId, @Name, @Type, @Delay, @Timeout, @MaxRetries, @MaxRetriesDown,
                    @ExpectedCodes, @UrlPath, @HttpMethod, @DomainName, @MonitorPort, @AdminStateUp, @now, @now)
                RETURNING {HealthMonitorColumns}
                """,
                HealthMonitorParameters(healthMonitor with { Id = id }, now), ReadHealthMonitor);
            return StoreResult<HealthMonitor>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<HealthMonitor?> GetHealthMonitorAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("health_monitors", HealthMonitorColumns, projectId, id, ReadHealthMonitor, cancellationToken);

    public Task<StoreResult<HealthMonitor>> UpdateHealthMonitorAsync(HealthMonitor healthMonitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(healthMonitor);
        var now = NowValue();
        return WriteAsync(ChangeKind.HealthMonitor, ChangeOp.Upsert, healthMonitor.ProjectId, healthMonitor.Id, async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE health_monitors SET {HealthMonitorSpecAssignments}
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {HealthMonitorColumns}
                """,
                HealthMonitorParameters(healthMonitor, now), ReadHealthMonitor);
            return stored is null ? StoreResult<HealthMonitor>.NotFound() : StoreResult<HealthMonitor>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteHealthMonitorAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.HealthMonitor, ChangeOp.Delete, projectId, id, db => DeleteInAsync(db, "health_monitors", projectId, id),
            cancellationToken);

    public Task<Page<HealthMonitor>> ListHealthMonitorsAsync(string projectId, HealthMonitorFilter filter, PageRequest page,
        CancellationToken cancellationToken)
    {
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("pool_id", filter.PoolId);
        where.Equal("type", filter.Type?.ToString());
        return ListAsync("health_monitors", HealthMonitorColumns, where, page, ReadHealthMonitor, cancellationToken);
    }

    private static object HealthMonitorParameters(HealthMonitor monitor, object now)
    {
        var spec = monitor.Spec;
        return new
        {
            monitor.Id,
            monitor.ProjectId,
            monitor.PoolId,
            monitor.Name,
            Type = spec.Type.ToString(),
            spec.Delay,
            spec.Timeout,
            spec.MaxRetries,
            spec.MaxRetriesDown,
            ExpectedCodes = spec.ExpectedCodes.Text,
            spec.UrlPath,
            HttpMethod = spec.HttpMethod.ToString(),
            spec.DomainName,
            spec.MonitorPort,
            spec.AdminStateUp,
            now,
        };
    }

    private static HealthMonitor ReadHealthMonitor(StoreRow r)
    {
        return new HealthMonitor
        {
            NumericId = r.GetInt64(0),
            Id = r.GetString(1),
            ProjectId = r.GetString(2),
            PoolId = r.GetString(3),
            Name = r.GetString(4),
            Spec = new HealthMonitorSpec
            {
                Type = r.Enum<HealthMonitorType>(5),
                Delay = r.Int(6),
                Timeout = r.Int(7),
                MaxRetries = r.Int(8),
                MaxRetriesDown = r.Int(9),
                ExpectedCodes = ParseExpectedCodes(r.GetString(10)),
                UrlPath = r.GetString(11),
                HttpMethod = r.Enum<HttpCheckMethod>(12),
                DomainName = r.NullableString(13),
                MonitorPort = r.NullableInt(14),
                AdminStateUp = r.Bool(15),
            },
            CreatedAt = r.Instant(16),
            UpdatedAt = r.Instant(17),
        };
    }

    /// <summary>Stored codes were validated when written; read back within the widest range any kind of check allows.</summary>
    private static ExpectedCodes ParseExpectedCodes(string text) =>
        ExpectedCodes.TryParse(text, 0, 599, out var codes, out var error)
            ? codes
            : throw new InvalidDataException($"Stored expected codes '{text}' do not parse: {error}");
}
