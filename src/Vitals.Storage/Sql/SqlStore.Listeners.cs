using Vitals.Core.Resources;
using Vitals.Storage.Filters;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string ListenerColumns =
        "numeric_id, id, project_id, load_balancer_id, name, protocol, protocol_port, default_pool_id, admin_state_up, created_at, updated_at";

    public Task<StoreResult<Listener>> CreateListenerAsync(Listener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var now = NowValue();
        var id = NewId(listener.Id, ResourceIds.Listener);
        return WriteAsync(ChangeKind.Listener, ChangeOp.Upsert, listener.ProjectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "load_balancers", listener.ProjectId, listener.LoadBalancerId))
            {
                return StoreResult<Listener>.NotFound("loadbalancer_id", "the load balancer does not exist");
            }

            if (await CheckDefaultPoolAsync(db, listener.ProjectId, listener.LoadBalancerId, listener.DefaultPoolId) is { } refused)
            {
                return refused;
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO listeners (id, project_id, load_balancer_id, name, protocol, protocol_port, default_pool_id, admin_state_up,
                    created_at, updated_at)
                VALUES (@id, @ProjectId, @LoadBalancerId, @Name, @Protocol, @ProtocolPort, @DefaultPoolId, @AdminStateUp, @now, @now)
                RETURNING {ListenerColumns}
                """,
                new
                {
                    id,
                    listener.ProjectId,
                    listener.LoadBalancerId,
                    listener.Name,
                    Protocol = listener.Protocol.ToString(),
                    listener.ProtocolPort,
                    listener.DefaultPoolId,
                    listener.AdminStateUp,
                    now,
                },
                ReadListener);
            return StoreResult<Listener>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<Listener?> GetListenerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("listeners", ListenerColumns, projectId, id, ReadListener, cancellationToken);

    public Task<StoreResult<Listener>> UpdateListenerAsync(Listener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var now = NowValue();
        return WriteAsync(ChangeKind.Listener, ChangeOp.Upsert, listener.ProjectId, listener.Id, async db =>
        {
            var current = await GetInAsync(db, "listeners", ListenerColumns, listener.ProjectId, listener.Id, ReadListener);
            if (current is null)
            {
                return StoreResult<Listener>.NotFound();
            }

            if (await CheckDefaultPoolAsync(db, current.ProjectId, current.LoadBalancerId, listener.DefaultPoolId) is { } refused)
            {
                return refused;
            }

            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE listeners SET name = @Name, default_pool_id = @DefaultPoolId, admin_state_up = @AdminStateUp, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {ListenerColumns}
                """,
                new { listener.Id, listener.ProjectId, listener.Name, listener.DefaultPoolId, listener.AdminStateUp, now },
                ReadListener);
            return StoreResult<Listener>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteListenerAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.Listener, ChangeOp.Delete, projectId, id, db => DeleteInAsync(db, "listeners", projectId, id),
            cancellationToken);

    public Task<Page<Listener>> ListListenersAsync(string projectId, ListenerFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("load_balancer_id", filter.LoadBalancerId);
        where.Equal("protocol", filter.Protocol?.ToString());
        where.Equal("protocol_port", filter.ProtocolPort);
        where.Equal("default_pool_id", filter.DefaultPoolId);
        return ListAsync("listeners", ListenerColumns, where, page, ReadListener, cancellationToken);
    }

    /// <summary>A listener may forward only to a server group of its own load balancer (as Huawei and Octavia require).</summary>
    private static async Task<StoreResult<Listener>?> CheckDefaultPoolAsync(StoreDb db, string projectId, string loadBalancerId, string? poolId)
    {
        if (poolId is null)
        {
            return null;
        }

        var poolLoadBalancer = await db.ScalarAsync<string>(
            "SELECT load_balancer_id FROM server_groups WHERE id = @poolId AND project_id = @projectId", new { poolId, projectId });
        if (poolLoadBalancer is null)
        {
            return StoreResult<Listener>.NotFound("default_pool_id", "the server group does not exist");
        }

        return poolLoadBalancer == loadBalancerId
            ? null
            : StoreResult<Listener>.Conflict("default_pool_id", "the server group belongs to another load balancer");
    }

    private static Listener ReadListener(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        LoadBalancerId = r.GetString(3),
        Name = r.GetString(4),
        Protocol = r.Enum<ListenerProtocol>(5),
        ProtocolPort = r.Int(6),
        DefaultPoolId = r.NullableString(7),
        AdminStateUp = r.Bool(8),
        CreatedAt = r.Instant(9),
        UpdatedAt = r.Instant(10),
    };
}
