using System.Text.Json;
using Vitals.Core.Resources;
using Vitals.Storage.Filters;
using Vitals.Storage.Json;

namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    private const string HaproxyBindingColumns =
        "numeric_id, id, project_id, load_balancer_id, name, description, runtime_api, backends, manage_servers, admin_state_up, created_at, updated_at";

    public Task<StoreResult<HaproxyBinding>> CreateHaproxyBindingAsync(HaproxyBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var now = NowValue();
        var id = NewId(binding.Id, ResourceIds.HaproxyBinding);
        return WriteAsync(ChangeKind.HaproxyBinding, ChangeOp.Upsert, binding.ProjectId, id, async db =>
        {
            if (!await ExistsInProjectAsync(db, "load_balancers", binding.ProjectId, binding.LoadBalancerId))
            {
                return StoreResult<HaproxyBinding>.NotFound("loadbalancer_id", "the load balancer does not exist");
            }

            var stored = await db.QuerySingleAsync(
                $"""
                INSERT INTO haproxy_bindings (id, project_id, load_balancer_id, name, description, runtime_api, backends, manage_servers,
                    admin_state_up, created_at, updated_at)
                VALUES (@Id, @ProjectId, @LoadBalancerId, @Name, @Description, @RuntimeApi, @Backends{Dialect.JsonCast}, @ManageServers,
                    @AdminStateUp, @now, @now)
                RETURNING {HaproxyBindingColumns}
                """,
                HaproxyBindingParameters(binding with { Id = id }, now), ReadHaproxyBinding);
            return StoreResult<HaproxyBinding>.Ok(stored!);
        }, cancellationToken);
    }

    public Task<HaproxyBinding?> GetHaproxyBindingAsync(string projectId, string id, CancellationToken cancellationToken) =>
        GetAsync("haproxy_bindings", HaproxyBindingColumns, projectId, id, ReadHaproxyBinding, cancellationToken);

    public Task<StoreResult<HaproxyBinding>> UpdateHaproxyBindingAsync(HaproxyBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var now = NowValue();
        return WriteAsync(ChangeKind.HaproxyBinding, ChangeOp.Upsert, binding.ProjectId, binding.Id, async db =>
        {
            var stored = await db.QuerySingleAsync(
                $"""
                UPDATE haproxy_bindings SET name = @Name, description = @Description, runtime_api = @RuntimeApi,
                    backends = @Backends{Dialect.JsonCast}, manage_servers = @ManageServers, admin_state_up = @AdminStateUp, updated_at = @now
                WHERE id = @Id AND project_id = @ProjectId
                RETURNING {HaproxyBindingColumns}
                """,
                HaproxyBindingParameters(binding, now), ReadHaproxyBinding);
            return stored is null ? StoreResult<HaproxyBinding>.NotFound() : StoreResult<HaproxyBinding>.Ok(stored);
        }, cancellationToken);
    }

    public Task<StoreResult<Deleted>> DeleteHaproxyBindingAsync(string projectId, string id, CancellationToken cancellationToken) =>
        WriteAsync(ChangeKind.HaproxyBinding, ChangeOp.Delete, projectId, id,
            db => DeleteInAsync(db, "haproxy_bindings", projectId, id), cancellationToken);

    public Task<Page<HaproxyBinding>> ListHaproxyBindingsAsync(string projectId, HaproxyBindingFilter filter, PageRequest page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var where = new SqlWhere(Dialect, projectId, filter);
        where.Equal("load_balancer_id", filter.LoadBalancerId);
        return ListAsync("haproxy_bindings", HaproxyBindingColumns, where, page, ReadHaproxyBinding, cancellationToken);
    }

    private static object HaproxyBindingParameters(HaproxyBinding binding, object now) => new
    {
        binding.Id,
        binding.ProjectId,
        binding.LoadBalancerId,
        binding.Name,
        binding.Description,
        binding.RuntimeApi,
        Backends = JsonSerializer.Serialize(new SortedDictionary<string, string>(binding.Backends.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal),
            StorageJsonContext.Default.SortedDictionaryStringString),
        binding.ManageServers,
        binding.AdminStateUp,
        now,
    };

    private static HaproxyBinding ReadHaproxyBinding(StoreRow r) => new()
    {
        NumericId = r.GetInt64(0),
        Id = r.GetString(1),
        ProjectId = r.GetString(2),
        LoadBalancerId = r.GetString(3),
        Name = r.GetString(4),
        Description = r.GetString(5),
        RuntimeApi = r.GetString(6),
        // Sorted by pool id, whatever order the column keeps (jsonb reorders keys), so every read shows the same order.
        Backends = JsonSerializer.Deserialize(r.GetString(7), StorageJsonContext.Default.SortedDictionaryStringString)
            is { } backends ? new SortedDictionary<string, string>(backends, StringComparer.Ordinal) : new SortedDictionary<string, string>(StringComparer.Ordinal),
        ManageServers = r.Bool(8),
        AdminStateUp = r.Bool(9),
        CreatedAt = r.Instant(10),
        UpdatedAt = r.Instant(11),
    };
}
