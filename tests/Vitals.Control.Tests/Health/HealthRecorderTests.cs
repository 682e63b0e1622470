using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Storage.Sqlite;

namespace Vitals.Control.Tests.Health;

/// <summary>The health recorder over a real SQLite file whose write lock another connection holds.</summary>
public sealed class HealthRecorderTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vitals-recorder-{Guid.NewGuid():N}.db");
    private SqliteStore _store = null!;

    public async ValueTask InitializeAsync() => _store = await SqliteStore.OpenAsync(_path);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Write_StorageLocked_KeepsTheBatchAndWritesItOnceTheLockIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, memberId) = await MemberAsync(ct);
        var logger = new EventLogger();
        var sut = new HealthRecorder(_store, TimeProvider.System, logger);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        var passed = ProbeResult.Pass(CheckCode.L4Ok, default, at);

        await using (var holder = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            await holder.OpenAsync(ct);
            await using var exclusive = holder.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE";
            await exclusive.ExecuteNonQueryAsync(ct);

            sut.Start();
            sut.Enqueue(new MemberHealth(memberId, HealthState.Healthy, at, passed),
                new MemberTransition(memberId, new HealthTransition(HealthState.Initial, HealthState.Healthy, at, TransitionCause.Checks, ReasonCode.None, [passed])));

            // The write fails for the lock (after the store's lock timeout) and is held for another try.
            await logger.WaitForAsync(4116, TimeSpan.FromSeconds(20), ct);
            Assert.Contains(logger.Events, e => e.Id == 4115 && e.Message.Contains("SQLITE_BUSY", StringComparison.Ordinal));
            Assert.Null(await _store.GetMemberHealthAsync(projectId, memberId, ct));
        }

        var saved = await WaitForHealthAsync(projectId, memberId, ct);
        Assert.Equal(HealthState.Healthy, saved.State);
        Assert.Equal(at, saved.Since);
        await sut.StopAsync([], ct);
        Assert.DoesNotContain(logger.Events, e => e.Id is 4110 or 4117);
    }

    private async Task<MemberHealth> WaitForHealthAsync(string projectId, string memberId, CancellationToken ct)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await _store.GetMemberHealthAsync(projectId, memberId, ct) is { } health)
            {
                return health;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException("the held batch was never written");
    }

    private async Task<(string Project, string Member)> MemberAsync(CancellationToken ct)
    {
        var fleet = new FleetService(_store, [], NullLogger<FleetService>.Instance);
        var id = ResourceIds.New(ResourceIds.Project, Random.Shared);
        var project = await _store.CreateProjectAsync(new Project(id, id, default), null, ct);
        var lb = await fleet.CreateLoadBalancerAsync(id, new LoadBalancerInput { Name = "lb" }, ct);
        var pool = await fleet.CreateServerGroupAsync(id, new ServerGroupInput { Name = "pool", LoadBalancerId = lb.Value!.Id, Protocol = "TCP" }, ct);
        var member = await fleet.CreateMemberAsync(id, new MemberInput { PoolId = pool.Value!.Pool.Id, Address = "198.51.100.7", ProtocolPort = 8080 }, ct);
        Assert.True(project.IsOk && member.IsSuccess, member.ToString());
        return (id, member.Value!.Id);
    }

    /// <summary>Keeps each event id and message, so the test can wait for one.</summary>
    private sealed class EventLogger : ILogger<HealthRecorder>
    {
        public ConcurrentQueue<(int Id, string Message)> Events { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Events.Enqueue((eventId.Id, formatter(state, exception)));

        public async Task WaitForAsync(int id, TimeSpan timeout, CancellationToken ct)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            while (!Events.Any(e => e.Id == id))
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }
}
