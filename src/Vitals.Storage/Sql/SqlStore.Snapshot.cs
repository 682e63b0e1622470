namespace Vitals.Storage.Sql;

public abstract partial class SqlStore
{
    public Task<StoreSnapshot> LoadAllAsync(CancellationToken cancellationToken) =>
        SnapshotAsync(async db => new StoreSnapshot(
            await db.QueryAsync($"SELECT {LoadBalancerColumns} FROM load_balancers ORDER BY numeric_id", null, ReadLoadBalancer),
            await db.QueryAsync($"SELECT {ListenerColumns} FROM listeners ORDER BY numeric_id", null, ReadListener),
            await db.QueryAsync($"SELECT {ServerGroupColumns} FROM server_groups ORDER BY numeric_id", null, ReadServerGroup),
            await db.QueryAsync($"SELECT {HealthMonitorColumns} FROM health_monitors ORDER BY numeric_id", null, ReadHealthMonitor),
            await db.QueryAsync($"SELECT {MemberColumns} FROM members ORDER BY numeric_id", null, ReadMember),
            await db.QueryAsync($"SELECT {InstanceColumns} FROM instances ORDER BY numeric_id", null, ReadInstance),
            await db.QueryAsync($"SELECT {HaproxyBindingColumns} FROM haproxy_bindings ORDER BY numeric_id", null, ReadHaproxyBinding)),
            cancellationToken);
}
