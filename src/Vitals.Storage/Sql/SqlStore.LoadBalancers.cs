using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string LoadBalancerColumns = "numeric_id, id, project_id, name, description, region, created_at, updated_at";

    public Task<StoreResult<LoadBalancer>> CreateLoadBalancerAsync(LoadBalancer loadBalancer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadBalancer);
        var now = NowValue();
        var id = NewId(loadBalancer.Id, ResourceIds.LoadBalancer);
        return WriteAsync(ChangeKind.LoadBalancer, ChangeOp.Upsert, loadBalancer.ProjectId, id, async db =>
        {
            if (!await db.ExistsAsync("SELECT 1 FROM projects WHERE id = @ProjectId", new { loadBalancer.ProjectId }))
            {
                return StoreResult<LoadBalancer>.NotFound("project_id", "the project does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO load_balancers (id, project_id, name, description, region, created_at, updated_at)
                VALUES (@id, @ProjectId, @Name, @Description, @Region, @now, @now)
                RETURNING {LoadBalancerColumns}
                """,
                new { id, loadBalancer.ProjectId, loadBalancer.Name, loadBalancer.Description, loadBalancer.Region, now }, ReadLoadBalancer);
            return StoreResult<LoadBalancer>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<LoadBalancer?> GetLoadBalancerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("load_balancers", LoadBalancerColumns, projectId, id, ReadLoadBalancer, cancellationToken);

    public Task<StoreResult<LoadBalancer>> UpdateLoadBalancerAsync(LoadBalancer loadBalancer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadBalancer);
        var now = NowValue();
        return WriteAsync(ChangeKind.LoadBalancer, ChangeOp.Upsert, loadBalancer.ProjectId, loadBalancer.Id, async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE load_balancers SET name = @Name, description = @Description, region = @Region, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {LoadBalancerColumns}
                """,
                new { loadBalancer.Id, loadBalancer.ProjectId, loadBalancer.Name, loadBalancer.Description, loadBalancer.Region, now },
                ReadLoadBalancer);
            return stored is null ? StoreResult<LoadBalancer>.NotFound() : StoreResult<LoadBalancer>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteLoadBalancerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.LoadBalancer, ChangeOp.Delete, projectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "load_balancers", projectId, id))
            {
                return StoreResult<Deleted>.NotFound();
            }

            if (await db.ExistsAsync("SELECT 1 FROM listeners WHERE load_balancer_id = @id LIMIT 1", new { id }))
            {
                return StoreResult<Deleted>.Conflict("id", "the load balancer is in use: delete its listeners first");
            }

            if (await db.ExistsAsync("SELECT 1 FROM server_groups WHERE load_balancer_id = @id LIMIT 1", new { id }))
            {
                return StoreResult<Deleted>.Conflict("id", "the load balancer is in use: delete its server groups first");
            }

            if (await db.ExistsAsync("SELECT 1 FROM haproxy_bindings WHERE load_balancer_id = @id LIMIT 1", new { id }))
            {
                return StoreResult<Deleted>.Conflict("id", "the load balancer is in use: delete its HAProxy bindings first");
            }

            return await DeleteInAsync(db, "load_balancers", projectId, id);
        }, cancellationToken);

    public Task<Page<LoadBalancer>> ListLoadBalancersAsync(string projectId, LoadBalancerFilter filter, PageRequest page,
        CancellationToken cancellationToken)
    {
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("region", filter.Region);
        return ListAsync("load_balancers", LoadBalancerColumns, where, page, ReadLoadBalancer, cancellationToken);
    }

    private static LoadBalancer ReadLoadBalancer(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        Name = r.GetString(3),
        Description = r.GetString(4),
        Region = r.GetString(5),
        CreatedAt = r.Instant(6),
        UpdatedAt = r.Instant(7),
    };
}
