using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Serve;

/// <summary>
/// Storage failures against a real file system: <c>vitals serve</c> on a small tmpfs in a mount namespace of its own,
/// the disk filled or remounted read-only from outside. Writes answer 503 in the caller's dialect with the cause
/// logged, nothing half-written, and work again once the storage is fixed; a read-only data directory stops serve.
/// </summary>
public sealed class ServeStorageFailureTests
{
    // TEST-NET-2: never probed (the pools have no health monitor) and allowed by any target policy.
    private const string Address = "198.51.100.7";

    [Fact]
    public async Task DiskFull_CreateAnswers503InEachDialect_LogsSqliteFull_WritesNothing_AndRecoversWhenFreed()
    {
        SkipUnlessPossible();
        await using var server = await MountedServe.StartAsync(MountedServe.Tmpfs("8M"));
        var (projectId, token) = await server.CreateProjectAsync("full");
        using var client = server.Client(token);
        var poolId = await CreatePoolAsync(client);

        var filler = server.FillDisk();
        using var native = await client.PostAsJsonAsync("/api/v1/members",
            new { name = "native", pool_id = poolId, address = Address, protocol_port = 8001 }, Ct);
        using var huawei = await client.PostAsJsonAsync($"/v3/{projectId}/elb/pools/{poolId}/members",
            new { member = new { name = "huawei", address = Address, protocol_port = 8002 } }, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, native.StatusCode);
        Assert.Equal("application/problem+json", native.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(native.Headers.RetryAfter);
        using (var problem = await ReadJsonAsync(native))
        {
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("disk_full", problem.RootElement.GetProperty("reason").GetString());
            Assert.StartsWith("storage unavailable: the disk is full", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, huawei.StatusCode);
        Assert.NotNull(huawei.Headers.RetryAfter);
        using (var error = await ReadJsonAsync(huawei))
        {
            Assert.Equal("ELB.8906", error.RootElement.GetProperty("error_code").GetString());
            Assert.StartsWith("storage unavailable", error.RootElement.GetProperty("error_msg").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("request_id").GetString()));
        }

        // The real cause is in the log, not the second failure of a rollback.
        Assert.True(await server.OutputContainsAsync("Storage unavailable: a write failed with SQLITE_FULL"), server.Output);
        Assert.Empty(await MemberNamesAsync(client, poolId)); // one transaction per write: nothing half-written

        File.Delete(filler);
        using var again = await client.PostAsJsonAsync("/api/v1/members",
            new { name = "native", pool_id = poolId, address = Address, protocol_port = 8001 }, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(["native"], await MemberNamesAsync(client, poolId));
    }

    [Fact]
    public async Task FileSystemTurnedReadOnlyWhileRunning_CreateAnswers503InEachDialect_WritesNothing()
    {
        if (MountedServe.WhyNotExt4() is { } whyNot)
        {
            Assert.Skip(whyNot);
        }

        var image = Path.Combine(Path.GetTempPath(), $"vitals-ext4-{Guid.NewGuid():N}.img");
        try
        {
            await using var server = await MountedServe.StartAsync(await MountedServe.Ext4Async(image));
            var (projectId, token) = await server.CreateProjectAsync("ro");
            using var client = server.Client(token);
            var poolId = await CreatePoolAsync(client);

            await server.TriggerFileSystemErrorAsync();
            using var native = await client.PostAsJsonAsync("/api/v1/members",
                new { name = "native", pool_id = poolId, address = Address, protocol_port = 8001 }, Ct);
            using var huawei = await client.PostAsJsonAsync($"/v3/{projectId}/elb/pools/{poolId}/members",
                new { member = new { name = "huawei", address = Address, protocol_port = 8002 } }, Ct);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, native.StatusCode);
            Assert.NotNull(native.Headers.RetryAfter);
            using (var problem = await ReadJsonAsync(native))
            {
                Assert.StartsWith("storage unavailable: ", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, huawei.StatusCode);
            Assert.True(await server.OutputContainsAsync("Storage unavailable: a write failed with SQLITE_"), server.Output);
            Assert.Empty(await MemberNamesAsync(client, poolId));
        }
        finally
        {
            File.Delete(image);
        }
    }

    [Fact]
    public async Task ReadOnlyDataDirectoryAtStart_ServeExitsNamingThePathAndCause()
    {
        SkipUnlessPossible();

        var (exitCode, output) = await MountedServe.RunToExitAsync(MountedServe.Tmpfs("1M"), "mount -o remount,ro \"$0\"");

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("storage: the data directory /tmp/", output, StringComparison.Ordinal);
        Assert.Contains("is not writable (EROFS read-only file system)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullDataDirectoryAtStart_ServeExitsNamingTheCause()
    {
        SkipUnlessPossible();

        var (exitCode, output) = await MountedServe.RunToExitAsync(MountedServe.Tmpfs("1M"), "(cat /dev/zero > \"$0/filler\" 2>/dev/null; true)");

        Assert.Equal(ExitCodes.Unreachable, exitCode);
        Assert.Contains("is not writable (ENOSPC disk full)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteLockHeldPastTheBusyTimeout_CreateAnswers503_AndWorksOnceReleased()
    {
        SkipUnlessPossible();
        if (!File.Exists("/usr/bin/sqlite3"))
        {
            Assert.Skip("the sqlite3 shell is not installed (eng/install-test-deps.sh installs it)");
        }

        await using var server = await MountedServe.StartAsync(MountedServe.Tmpfs("8M"));
        var (_, token) = await server.CreateProjectAsync("busy");
        using var client = server.Client(token);
        var poolId = await CreatePoolAsync(client);

        await using (await server.HoldWriteLockAsync())
        {
            using var busy = await client.PostAsJsonAsync("/api/v1/members",
                new { name = "native", pool_id = poolId, address = Address, protocol_port = 8001 }, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), busy.Headers.RetryAfter?.Delta);
            using var problem = await ReadJsonAsync(busy);
            Assert.Equal("busy", problem.RootElement.GetProperty("reason").GetString());
            Assert.True(await server.OutputContainsAsync("SQLITE_BUSY"), server.Output);
        }

        using var again = await client.PostAsJsonAsync("/api/v1/members",
            new { name = "native", pool_id = poolId, address = Address, protocol_port = 8001 }, Ct);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static void SkipUnlessPossible()
    {
        if (MountedServe.WhyNot() is { } whyNot)
        {
            Assert.Skip(whyNot);
        }
    }

    private static async Task<string> CreatePoolAsync(HttpClient client)
    {
        using var lb = await client.PostAsJsonAsync("/api/v1/loadbalancers", new { name = "edge" }, Ct);
        Assert.Equal(HttpStatusCode.Created, lb.StatusCode);
        using var lbDoc = await ReadJsonAsync(lb);
        using var pool = await client.PostAsJsonAsync("/api/v1/pools",
            new { name = "web", loadbalancer_id = lbDoc.RootElement.GetProperty("id").GetString(), protocol = "TCP" }, Ct);
        Assert.Equal(HttpStatusCode.Created, pool.StatusCode);
        using var poolDoc = await ReadJsonAsync(pool);
        return poolDoc.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> MemberNamesAsync(HttpClient client, string poolId)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/pools/{poolId}/members", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = await ReadJsonAsync(response);
        return [.. doc.RootElement.GetProperty("members").EnumerateArray().Select(static m => m.GetProperty("name").GetString()!)];
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
}
