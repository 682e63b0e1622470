using System.Net;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Serve;

/// <summary>
/// <c>/readyz</c> of a real <c>vitals serve</c> whose data directory is a real file system (<see cref="MountedServe"/>): a
/// full disk or a file system turned read-only makes it answer 503 naming the store's failure, without a token and
/// without the path; freeing the disk makes it ready again. <c>/healthz</c> stays 200 throughout.
/// </summary>
public sealed class ServeReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_DiskFull_Answers503DiskFull_And200OnceFreed()
    {
        if (MountedServe.WhyNot() is { } whyNot)
        {
            Assert.Skip(whyNot);
        }

        await using var server = await MountedServe.StartAsync(MountedServe.Tmpfs("8M"));
        using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/readyz")).Status);

        var filler = server.FillDisk();
        var full = await UntilAsync(client, HttpStatusCode.ServiceUnavailable);
        var live = await GetAsync(client, "/healthz");
        File.Delete(filler);
        var freed = await UntilAsync(client, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.Status);
        Assert.StartsWith("[-]store failed: disk_full: ENOSPC", full.Body, StringComparison.Ordinal);
        Assert.EndsWith("readyz check failed\n", full.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(server.DataDir, full.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, freed.Status);
        Assert.True(await server.OutputContainsAsync("Not ready: store: disk_full"), server.Output);
        Assert.True(await server.OutputContainsAsync("Ready: every readiness check passes"), server.Output);
    }

    [Fact]
    public async Task Readyz_FileSystemTurnedReadOnly_Answers503ReadOnly()
    {
        if (MountedServe.WhyNotExt4() is { } whyNot)
        {
            Assert.Skip(whyNot);
        }

        var image = Path.Combine(Path.GetTempPath(), $"vitals-ext4-{Guid.NewGuid():N}.img");
        try
        {
            await using var server = await MountedServe.StartAsync(await MountedServe.Ext4Async(image));
            using var client = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromSeconds(30) };
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/readyz")).Status);

            await server.TriggerFileSystemErrorAsync();
            var readOnly = await UntilAsync(client, HttpStatusCode.ServiceUnavailable);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, readOnly.Status);
            Assert.StartsWith("[-]store failed: read_only: EROFS", readOnly.Body, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz")).Status);
        }
        finally
        {
            File.Delete(image);
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> UntilAsync(HttpClient client, HttpStatusCode wanted)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = await GetAsync(client, "/readyz");
        while (last.Status != wanted && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(250, Ct);
            last = await GetAsync(client, "/readyz");
        }

        return last;
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
