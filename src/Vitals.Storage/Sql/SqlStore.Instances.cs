using System.Text.Json;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;
using Vitals.Storage.Json;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string InstanceColumns =
        "numeric_id, id, project_id, name, region, address, node_exporter_url, maintenance_windows, created_at, updated_at";

    public Task<StoreResult<Instance>> CreateInstanceAsync(Instance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var now = NowValue();
        var id = NewId(instance.Id, ResourceIds.Instance);
        return WriteAsync(ChangeKind.Instance, ChangeOp.Upsert, instance.ProjectId, id, async db =>
        {
            if (!await db.ExistsAsync("SELECT 1 FROM projects WHERE id = @ProjectId", new { instance.ProjectId }))
            {
                return StoreResult<Instance>.NotFound("project_id", "the project does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO instances (id, project_id, name, region, address, node_exporter_url, maintenance_windows, created_at, updated_at)
                VALUES (@Id, @ProjectId, @Name, @Region, @Address, @NodeExporterUrl, @MaintenanceWindows{Dialect.JsonCast}, @now, @now)
                RETURNING {InstanceColumns}
                """,
                InstanceParameters(instance with { Id = id }, now), ReadInstance);
            return StoreResult<Instance>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<Instance?> GetInstanceAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("instances", InstanceColumns, projectId, id, ReadInstance, cancellationToken);

    public Task<StoreResult<Instance>> UpdateInstanceAsync(Instance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var now = NowValue();
        return WriteAsync(ChangeKind.Instance, ChangeOp.Upsert, instance.ProjectId, instance.Id, async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE instances SET name = @Name, region = @Region, address = @Address, node_exporter_url = @NodeExporterUrl,
                    maintenance_windows = @MaintenanceWindows{Dialect.JsonCast}, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {InstanceColumns}
                """,
                InstanceParameters(instance, now), ReadInstance);
            return stored is null ? StoreResult<Instance>.NotFound() : StoreResult<Instance>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteInstanceAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.Instance, ChangeOp.Delete, projectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "instances", projectId, id))
            {
                return StoreResult<Deleted>.NotFound();
            }

            if (await db.ExistsAsync("SELECT 1 FROM members WHERE instance_id = @id LIMIT 1", new { id }))
            {
                return StoreResult<Deleted>.Conflict("id", "the instance is in use: members refer to it");
            }

            return await DeleteInAsync(db, "instances", projectId, id);
        }, cancellationToken);

    public Task<Page<Instance>> ListInstancesAsync(string projectId, InstanceFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("region", filter.Region);
        where.Equal("address", filter.Address);
        return ListAsync("instances", InstanceColumns, where, page, ReadInstance, cancellationToken);
    }

    private static object InstanceParameters(Instance instance, object now) => new
    {
        instance.Id,
        instance.ProjectId,
        instance.Name,
        instance.Region,
        instance.Address,
        instance.NodeExporterUrl,
        MaintenanceWindows = JsonSerializer.Serialize([.. instance.MaintenanceWindows], StorageJsonContext.Default.MaintenanceWindowArray),
        now,
    };

    private static Instance ReadInstance(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        Name = r.GetString(3),
        Region = r.GetString(4),
        Address = r.GetString(5),
        NodeExporterUrl = r.NullableString(6),
        MaintenanceWindows = JsonSerializer.Deserialize(r.GetString(7), StorageJsonContext.Default.MaintenanceWindowArray) ?? [],
        CreatedAt = r.Instant(8),
        UpdatedAt = r.Instant(9),
    };
}
