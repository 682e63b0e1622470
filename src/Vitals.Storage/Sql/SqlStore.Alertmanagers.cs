using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

// A project's Alertmanagers. Their writes record no change for other nodes: the pusher reads the store.
public abstract partial class SqlStore
{
    private const string AlertmanagerColumns = "numeric_id, id, project_id, name, description, url, admin_state_up, created_at, updated_at";

    public Task<StoreResult<AlertmanagerTarget>> CreateAlertmanagerAsync(AlertmanagerTarget alertmanager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        var now = NowValue();
        var id = NewId(alertmanager.Id, ResourceIds.Alertmanager);
        return WriteAsync(async db =>
        {
            if (!await db.ExistsAsync("SELECT 1 FROM projects WHERE id = @ProjectId", new { alertmanager.ProjectId }))
            {
                return StoreResult<AlertmanagerTarget>.NotFound("project_id", "the project does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO alertmanagers (id, project_id, name, description, url, admin_state_up, created_at, updated_at)
                VALUES (@Id, @ProjectId, @Name, @Description, @Url, @AdminStateUp, @now, @now)
                RETURNING {AlertmanagerColumns}
                """,
                AlertmanagerParameters(alertmanager with { Id = id }, now), ReadAlertmanager);
            return StoreResult<AlertmanagerTarget>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<AlertmanagerTarget?> GetAlertmanagerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("alertmanagers", AlertmanagerColumns, projectId, id, ReadAlertmanager, cancellationToken);

    public Task<StoreResult<AlertmanagerTarget>> UpdateAlertmanagerAsync(AlertmanagerTarget alertmanager, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        var now = NowValue();
        return WriteAsync(async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE alertmanagers SET name = @Name, description = @Description, url = @Url, admin_state_up = @AdminStateUp, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {AlertmanagerColumns}
                """,
                AlertmanagerParameters(alertmanager, now), ReadAlertmanager);
            return stored is null ? StoreResult<AlertmanagerTarget>.NotFound() : StoreResult<AlertmanagerTarget>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteAlertmanagerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(db => DeleteInAsync(db, "alertmanagers", projectId, id), cancellationToken);

    public Task<Page<AlertmanagerTarget>> ListAlertmanagersAsync(string? projectId, AlertmanagerFilter filter, PageRequest page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("admin_state_up", filter.AdminStateUp);
        return ListAsync("alertmanagers", AlertmanagerColumns, where, page, ReadAlertmanager, cancellationToken);
    }

    private static object AlertmanagerParameters(AlertmanagerTarget alertmanager, object now) => new
    {
        alertmanager.Id,
        alertmanager.ProjectId,
        alertmanager.Name,
        alertmanager.Description,
        alertmanager.Url,
        alertmanager.AdminStateUp,
        now,
    };

    private static AlertmanagerTarget ReadAlertmanager(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        Name = r.GetString(3),
        Description = r.GetString(4),
        Url = r.GetString(5),
        AdminStateUp = r.Bool(6),
        CreatedAt = r.Instant(7),
        UpdatedAt = r.Instant(8),
    };
}
