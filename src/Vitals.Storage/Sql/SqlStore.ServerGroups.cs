using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string ServerGroupColumns =
        "numeric_id, id, project_id, load_balancer_id, name, protocol, lb_algorithm, admin_state_up, created_at, updated_at, min_healthy_percent";

    public Task<StoreResult<ServerGroup>> CreateServerGroupAsync(ServerGroup serverGroup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverGroup);
        var now = NowValue();
        var id = NewId(serverGroup.Id, ResourceIds.ServerGroup);
        return WriteAsync(ChangeKind.ServerGroup, ChangeOp.Upsert, serverGroup.ProjectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "load_balancers", serverGroup.ProjectId, serverGroup.LoadBalancerId))
            {
                return StoreResult<ServerGroup>.NotFound("loadbalancer_id", "the load balancer does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO server_groups (id, project_id, load_balancer_id, name, protocol, lb_algorithm, admin_state_up, min_healthy_percent,
                    created_at, updated_at)
                VALUES (@id, @ProjectId, @LoadBalancerId, @Name, @Protocol, @LbAlgorithm, @AdminStateUp, @MinHealthyPercent, @now, @now)
                RETURNING {ServerGroupColumns}
                """,
                new
                {
                    id,
                    serverGroup.ProjectId,
                    serverGroup.LoadBalancerId,
                    serverGroup.Name,
                    Protocol = serverGroup.Protocol.ToString(),
                    serverGroup.LbAlgorithm,
                    serverGroup.AdminStateUp,
                    serverGroup.MinHealthyPercent,
                    now,
                },
                ReadServerGroup);
            return StoreResult<ServerGroup>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<ServerGroup?> GetServerGroupAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("server_groups", ServerGroupColumns, projectId, id, ReadServerGroup, cancellationToken);

    public Task<StoreResult<ServerGroup>> UpdateServerGroupAsync(ServerGroup serverGroup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serverGroup);
        var now = NowValue();
        return WriteAsync(ChangeKind.ServerGroup, ChangeOp.Upsert, serverGroup.ProjectId, serverGroup.Id, async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE server_groups SET name = @Name, lb_algorithm = @LbAlgorithm, admin_state_up = @AdminStateUp,
                    min_healthy_percent = @MinHealthyPercent, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {ServerGroupColumns}
                """,
                new { serverGroup.Id, serverGroup.ProjectId, serverGroup.Name, serverGroup.LbAlgorithm, serverGroup.AdminStateUp, serverGroup.MinHealthyPercent, now },
                ReadServerGroup);
            return stored is null ? StoreResult<ServerGroup>.NotFound() : StoreResult<ServerGroup>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteServerGroupAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.ServerGroup, ChangeOp.Delete, projectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "server_groups", projectId, id))
            {
                return StoreResult<Deleted>.NotFound();
            }

            if (await db.ExistsAsync("SELECT 1 FROM members WHERE pool_id = @id LIMIT 1", new { id }))
            {
                return StoreResult<Deleted>.Conflict("id", "the server group is in use: delete its members first");
            }

            if (await db.ExistsAsync("SELECT 1 FROM listeners WHERE default_pool_id = @id LIMIT 1", new { id }))
            {
                return StoreResult<Deleted>.Conflict("id", "the server group is in use: it is the default pool of a listener");
            }

            // Its health monitor has no life of its own: ON DELETE CASCADE removes it in this transaction, and other
            // nodes hear of that delete before the pool's own.
            var monitorId = await db.ScalarAsync<string>("SELECT id FROM health_monitors WHERE pool_id = @id", new { id });
            var deleted = await DeleteInAsync(db, "server_groups", projectId, id);
            if (deleted.IsOk && monitorId is not null)
            {
                await RecordChangeAsync(db, ChangeKind.HealthMonitor, ChangeOp.Delete, projectId, monitorId, NowValue());
            }

            return deleted;
        }, cancellationToken);

    public Task<Page<ServerGroup>> ListServerGroupsAsync(string projectId, ServerGroupFilter filter, PageRequest page,
        CancellationToken cancellationToken)
    {
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("load_balancer_id", filter.LoadBalancerId);
        where.Equal("protocol", filter.Protocol?.ToString());
        return ListAsync("server_groups", ServerGroupColumns, where, page, ReadServerGroup, cancellationToken);
    }

    private static ServerGroup ReadServerGroup(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        LoadBalancerId = r.GetString(3),
        Name = r.GetString(4),
        Protocol = r.Enum<PoolProtocol>(5),
        LbAlgorithm = r.GetString(6),
        AdminStateUp = r.Bool(7),
        CreatedAt = r.Instant(8),
        UpdatedAt = r.Instant(9),
        MinHealthyPercent = r.NullableInt(10),
    };
}
