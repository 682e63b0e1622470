using Dapper;
using Npgsql;
using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Storage.Postgres;
using Vitals.Testing;

namespace Vitals.Storage.Tests.Postgres;

/// <summary>
/// The change feed of the PostgreSQL store on a real server: one row per committed resource write, none for a refused
/// one, the pool's monitor before the pool, notifications that wake other nodes only, pruning that a late reader notices.
/// Each test has a database of its own.
/// </summary>
public sealed class PostgresChangeFeedTests(PostgresClusterFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly ManualTimeProvider _time = new(Start);
    private readonly List<PostgresStore> _stores = [];
    private PostgresCluster _cluster = null!;
    private string? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var cluster = await fixture.GetAsync(Ct);
        if (cluster is null)
        {
            if (PostgresClusterFixture.MustFailWhenUnavailable)
            {
                Assert.Fail(fixture.UnavailableReason);
            }

            Assert.Skip(fixture.UnavailableReason);
        }

        _cluster = cluster;
        _database = await cluster.CreateDatabaseAsync("feed", Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_database is not null)
        {
            await _cluster.DropDatabaseAsync(_database, CancellationToken.None);
        }
    }

    [Fact]
    public async Task ResourceWrites_EachCommittedOne_RecordsOneChangeInCommitOrder()
    {
        var store = await OpenAsync("node-a");
        var project = Ok(await store.CreateProjectAsync(new Project("", "p", default), null, Ct));
        var lb = Ok(await store.CreateLoadBalancerAsync(new LoadBalancer { Id = "", NumericId = 0, ProjectId = project.Id }, Ct));
        var pool = Ok(await store.CreateServerGroupAsync(Pool(lb), Ct));
        var member = Ok(await store.CreateMemberAsync(Member(pool, "10.0.0.1"), Ct));
        Ok(await store.UpdateMemberAsync(member with { Weight = 0 }, Ct));
        // Refused writes (a duplicate endpoint, an unknown id) roll back with their change.
        Assert.Equal(StoreOutcome.Conflict, (await store.CreateMemberAsync(Member(pool, "10.0.0.1"), Ct)).Outcome);
        Assert.Equal(StoreOutcome.NotFound, (await store.DeleteMemberAsync(project.Id, "mbr-none", Ct)).Outcome);
        Ok(await store.DeleteMemberAsync(project.Id, member.Id, Ct));
        // Health is not a change other nodes follow.
        await store.SaveHealthBatchAsync([], [], Ct);

        var batch = await store.Changes.ReadAfterAsync(0, 100, Ct);

        Assert.False(batch.Missed);
        Assert.Equal(
            [
                (ChangeKind.LoadBalancer, ChangeOp.Upsert, lb.Id),
                (ChangeKind.ServerGroup, ChangeOp.Upsert, pool.Id),
                (ChangeKind.Member, ChangeOp.Upsert, member.Id),
                (ChangeKind.Member, ChangeOp.Upsert, member.Id),
                (ChangeKind.Member, ChangeOp.Delete, member.Id),
            ],
            batch.Changes.Select(c => (c.Kind, c.Op, c.Id)));
        Assert.All(batch.Changes, c => Assert.Equal(("node-a", project.Id, Start), (c.Origin, c.ProjectId, c.At)));
        Assert.Equal(batch.Changes.Select(c => c.Seq).Order(), batch.Changes.Select(c => c.Seq));
        Assert.Equal(batch.Changes[^1].Seq, await store.Changes.LatestAsync(Ct));
        Assert.Equal(batch.Changes.Skip(3).Select(c => c.Seq), (await store.Changes.ReadAfterAsync(batch.Changes[2].Seq, 100, Ct)).Changes.Select(c => c.Seq));
    }

    [Fact]
    public async Task TokenRevokeAndRotate_RecordTokenChanges_CreateAndTouchRecordNone()
    {
        var store = await OpenAsync("node-a");
        var project = Ok(await store.CreateProjectAsync(new Project("", "p", default), null, Ct));
        var after = await store.Changes.LatestAsync(Ct);
        var token = Ok(await store.CreateTokenAsync(new ProjectToken { ProjectId = project.Id, Name = "ci", Hash = TokenHash.Compute("a") }, Ct));
        await store.TouchTokenAsync(token.Id, Start, Ct);

        Ok(await store.RotateTokenAsync(project.Id, token.Id, TokenHash.Compute("b"), Ct));
        Ok(await store.RevokeTokenAsync(project.Id, token.Id, Ct));
        // A refused rotation (revoked) rolls back with its change.
        Assert.Equal(StoreOutcome.Conflict, (await store.RotateTokenAsync(project.Id, token.Id, TokenHash.Compute("c"), Ct)).Outcome);

        var batch = await store.Changes.ReadAfterAsync(after, 100, Ct);
        var id = token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal([(ChangeKind.Token, ChangeOp.Upsert, id), (ChangeKind.Token, ChangeOp.Upsert, id)], batch.Changes.Select(c => (c.Kind, c.Op, c.Id)));
        Assert.All(batch.Changes, c => Assert.Equal(project.Id, c.ProjectId));
    }

    [Fact]
    public async Task HaproxyBindingWrites_RecordHaproxyBindingChanges()
    {
        var store = await OpenAsync("node-a");
        var pool = await NewPoolAsync(store);
        var after = await store.Changes.LatestAsync(Ct);
        var binding = Ok(await store.CreateHaproxyBindingAsync(new HaproxyBinding
        {
            Id = "", NumericId = 0, ProjectId = pool.ProjectId, LoadBalancerId = pool.LoadBalancerId, RuntimeApi = "/run/haproxy/admin.sock",
        }, Ct));
        Ok(await store.UpdateHaproxyBindingAsync(binding with { ManageServers = true }, Ct));
        Ok(await store.DeleteHaproxyBindingAsync(pool.ProjectId, binding.Id, Ct));

        var batch = await store.Changes.ReadAfterAsync(after, 100, Ct);
        Assert.Equal(
            [
                (ChangeKind.HaproxyBinding, ChangeOp.Upsert, binding.Id),
                (ChangeKind.HaproxyBinding, ChangeOp.Upsert, binding.Id),
                (ChangeKind.HaproxyBinding, ChangeOp.Delete, binding.Id),
            ],
            batch.Changes.Select(c => (c.Kind, c.Op, c.Id)));
    }

    [Fact]
    public async Task DeleteServerGroup_WithMonitor_RecordsTheMonitorsDeleteBeforeThePools()
    {
        var store = await OpenAsync("node-a");
        var pool = await NewPoolAsync(store);
        var monitor = Ok(await store.CreateHealthMonitorAsync(new HealthMonitor
        {
            Id = "", NumericId = 0, ProjectId = pool.ProjectId, PoolId = pool.Id,
            Spec = new HealthMonitorSpec { Type = HealthMonitorType.Tcp, Delay = 5, Timeout = 3, MaxRetries = 3 },
        }, Ct));
        var after = await store.Changes.LatestAsync(Ct);

        Ok(await store.DeleteServerGroupAsync(pool.ProjectId, pool.Id, Ct));

        var batch = await store.Changes.ReadAfterAsync(after, 100, Ct);
        Assert.Equal([(ChangeKind.HealthMonitor, ChangeOp.Delete, monitor.Id), (ChangeKind.ServerGroup, ChangeOp.Delete, pool.Id)],
            batch.Changes.Select(c => (c.Kind, c.Op, c.Id)));
    }

    [Fact]
    public async Task WritesFromTwoNodesAtOnce_AllRecorded_SeqsIncreasing()
    {
        var a = await OpenAsync("node-a");
        var b = await OpenAsync("node-b");
        var pool = await NewPoolAsync(a);
        var after = await a.Changes.LatestAsync(Ct);

        var writes = new List<Task<StoreResult<Member>>>();
        for (var i = 0; i < 40; i++)
        {
            writes.Add((i % 2 == 0 ? a : b).CreateMemberAsync(Member(pool, $"10.0.1.{i}"), Ct));
        }

        var members = (await Task.WhenAll(writes)).Select(Ok).ToList();

        var batch = await b.Changes.ReadAfterAsync(after, 100, Ct);
        Assert.Equal(members.Select(m => m.Id).Order(StringComparer.Ordinal), batch.Changes.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.Equal(20, batch.Changes.Count(c => c.Origin == "node-b"));
        for (var i = 1; i < batch.Changes.Count; i++)
        {
            Assert.True(batch.Changes[i].Seq > batch.Changes[i - 1].Seq);
        }
    }

    [Fact]
    public async Task ListenAsync_AnotherNodeCommits_WakesAndOwnCommitsDoNot()
    {
        var a = await OpenAsync("node-a", TimeProvider.System);
        var b = await OpenAsync("node-b", TimeProvider.System);
        var pool = await NewPoolAsync(a);
        using var wakes = new SemaphoreSlim(0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var listening = b.Changes.ListenAsync(() => wakes.Release(), stop.Token);
        try
        {
            // The first wake: connected (the caller catches up on what came before).
            Assert.True(await wakes.WaitAsync(Patience, Ct), "no wake on connect");

            Ok(await b.CreateMemberAsync(Member(pool, "10.0.2.1"), Ct));
            Ok(await a.CreateMemberAsync(Member(pool, "10.0.2.2"), Ct));

            Assert.True(await wakes.WaitAsync(Patience, Ct), "no wake for the other node's change");
            // Notifications arrive in commit order: b's own came first, so a wake left over would be its.
            Assert.False(await wakes.WaitAsync(TimeSpan.FromMilliseconds(500), Ct), "woken by its own change");

            // A rolled-back write notifies nobody.
            Assert.Equal(StoreOutcome.Conflict, (await a.CreateMemberAsync(Member(pool, "10.0.2.2"), Ct)).Outcome);
            Assert.False(await wakes.WaitAsync(TimeSpan.FromMilliseconds(500), Ct), "woken by a rolled-back write");
        }
        finally
        {
            await stop.CancelAsync();
            await listening;
        }
    }

    [Fact]
    public async Task ListenAsync_ConnectionKilled_ReconnectsAndWakesAgain()
    {
        var b = await OpenAsync("node-b", TimeProvider.System);
        using var wakes = new SemaphoreSlim(0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var listening = b.Changes.ListenAsync(() => wakes.Release(), stop.Token);
        try
        {
            Assert.True(await wakes.WaitAsync(Patience, Ct), "no wake on connect");

            await using var admin = new NpgsqlConnection(_cluster.ConnectionString(_database!));
            await admin.OpenAsync(Ct);
            var killed = await admin.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = @name AND datname = @db) t",
                new { name = $"{PostgresStore.ListenerApplicationName} node-b", db = _database });
            Assert.Equal(1, killed);

            Assert.True(await wakes.WaitAsync(Patience, Ct), "no wake after reconnecting");
        }
        finally
        {
            await stop.CancelAsync();
            await listening;
        }
    }

    [Fact]
    public async Task PruneAsync_OldChanges_DeletedAndAReaderBehindThemMissedSome()
    {
        var store = await OpenAsync("node-a");
        var pool = await NewPoolAsync(store);
        Ok(await store.CreateMemberAsync(Member(pool, "10.0.3.1"), Ct));
        var old = await store.Changes.LatestAsync(Ct);
        _time.Advance(TimeSpan.FromHours(2));
        var fresh = Ok(await store.CreateMemberAsync(Member(pool, "10.0.3.2"), Ct));

        // The load balancer, the pool and the first member.
        Assert.Equal(3, await store.Changes.PruneAsync(_time.GetUtcNow() - TimeSpan.FromHours(1), Ct));

        var behind = await store.Changes.ReadAfterAsync(0, 100, Ct);
        Assert.True(behind.Missed);
        var current = await store.Changes.ReadAfterAsync(old, 100, Ct);
        Assert.False(current.Missed);
        Assert.Equal([fresh.Id], current.Changes.Select(c => c.Id));
        Assert.Equal(0, await store.Changes.PruneAsync(_time.GetUtcNow() - TimeSpan.FromHours(1), Ct));

        // Everything pruned: a node starting now begins past the pruned changes, so it has missed none.
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await store.Changes.PruneAsync(_time.GetUtcNow() - TimeSpan.FromHours(1), Ct));
        var latest = await store.Changes.LatestAsync(Ct);
        Assert.Equal(current.Changes[0].Seq, latest);
        Assert.False((await store.Changes.ReadAfterAsync(latest, 100, Ct)).Missed);
    }

    [Fact]
    public async Task AppendTransitionAsync_TwoNodes_EachTransitionNamesTheNodeThatRecordedIt()
    {
        var a = await OpenAsync("node-a");
        var b = await OpenAsync("node-b");
        var member = Ok(await a.CreateMemberAsync(Member(await NewPoolAsync(a), "10.0.4.1"), Ct));
        var transition = new HealthTransition(HealthState.Initial, HealthState.Healthy, Start, TransitionCause.Checks, ReasonCode.None, []);

        Assert.True(await a.AppendTransitionAsync(member.Id, transition, Ct));
        Assert.True(await b.AppendTransitionAsync(member.Id, transition with { At = Start.AddSeconds(1) }, Ct));

        await using var connection = new NpgsqlConnection(_cluster.ConnectionString(_database!));
        await connection.OpenAsync(Ct);
        Assert.Equal(["node-a", "node-b"],
            await connection.QueryAsync<string>("SELECT node FROM member_transitions WHERE member_id = @Id ORDER BY numeric_id", new { member.Id }));
        var listed = Ok(await a.ListTransitionsAsync(member.ProjectId, member.Id, 10, Ct));
        Assert.Equal(["node-b", "node-a"], listed.Select(t => t.Node));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("a|b")]
    public async Task OpenAsync_InvalidNodeId_Throws(string nodeId) =>
        await Assert.ThrowsAsync<ArgumentException>(() => PostgresStore.OpenAsync(_cluster.ConnectionString(_database!), _time, nodeId: nodeId,
            cancellationToken: Ct));

    [Fact]
    public void NodeIdsNew_HostName_KeepsAllowedCharactersAndAddsASuffix()
    {
        var id = NodeIds.New("web 01.example", new Random(1));

        Assert.Matches("^web01.example-[0-9a-f]{8}$", id);
        Assert.True(NodeIds.IsValid(id));
        Assert.Matches("^node-[0-9a-f]{8}$", NodeIds.New("  ", new Random(1)));
        Assert.NotEqual(NodeIds.New("h", new Random(1)), NodeIds.New("h", new Random(2)));
    }

    private async Task<PostgresStore> OpenAsync(string nodeId, TimeProvider? time = null)
    {
        var store = await PostgresStore.OpenAsync(_cluster.ConnectionString(_database!), time ?? _time, nodeId: nodeId, cancellationToken: Ct);
        _stores.Add(store);
        return store;
    }

    private static async Task<ServerGroup> NewPoolAsync(PostgresStore store)
    {
        var project = Ok(await store.CreateProjectAsync(new Project("", "", default), null, Ct));
        var lb = Ok(await store.CreateLoadBalancerAsync(new LoadBalancer { Id = "", NumericId = 0, ProjectId = project.Id }, Ct));
        return Ok(await store.CreateServerGroupAsync(Pool(lb), Ct));
    }

    private static ServerGroup Pool(LoadBalancer lb) =>
        new() { Id = "", NumericId = 0, ProjectId = lb.ProjectId, LoadBalancerId = lb.Id, Protocol = PoolProtocol.Tcp };

    private static Member Member(ServerGroup pool, string address) =>
        new() { Id = "", NumericId = 0, ProjectId = pool.ProjectId, PoolId = pool.Id, Address = address, ProtocolPort = 80 };

    private static T Ok<T>(StoreResult<T> result)
    {
        Assert.True(result.IsOk, $"expected Ok, got {result}");
        return result.Value!;
    }
}
