using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Metrics;

/// <summary><c>vitals_build_info</c> and the <c>dotnet_*</c> runtime figures: the admin's scrape only, read live.</summary>
public sealed class RuntimeMetricsTests
{
    [Fact]
    public async Task Metrics_Admin_BuildInfoAndRuntimeFigures()
    {
        await using var server = await RunningServer.StartAsync();
        using var admin = server.Admin();

        var before = await MetricsScrape.GetAsync(admin);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var after = await MetricsScrape.GetAsync(admin);

        var build = Assert.Single(after.Samples, s => s.Name == "vitals_build_info");
        Assert.Equal(1, build.Value);
        Assert.Matches(@"^\d+\.\d+\.\d+", build["version"]);
        Assert.Matches("^([0-9a-f]{40}|unknown)$", build["revision"]);
        Assert.Equal(Environment.Version.ToString(), build["dotnet"]);
        Assert.Equal("gauge", after.Types["vitals_build_info"]);
        // The server runs in this process: the forced collection is counted in its generation 2.
        Assert.True(Gen2(after) > Gen2(before), $"{Gen2(before)} then {Gen2(after)}");
        Assert.Equal("counter", after.Types["dotnet_collection_count_total"]);
        Assert.Equal(["0", "1", "2"], after.Samples.Where(s => s.Name == "dotnet_collection_count_total").Select(s => s["generation"]));
        Assert.InRange(Value(after, "dotnet_gc_heap_size_bytes"), 1, 64L << 30);
        Assert.InRange(Value(after, "dotnet_threadpool_threads"), 1, 32767);
        Assert.True(Value(after, "dotnet_gc_allocated_bytes_total") >= Value(before, "dotnet_gc_allocated_bytes_total"));
        foreach (var name in new[] { "dotnet_gc_committed_bytes", "dotnet_total_memory_bytes", "dotnet_gc_pause_seconds_total",
            "dotnet_threadpool_queue_length", "dotnet_threadpool_completed_items_total", "dotnet_monitor_lock_contention_total",
            "process_cpu_seconds_total", "process_resident_memory_bytes" })
        {
            Assert.True(after.Has(name), name);
        }
    }

    [Fact]
    public async Task Metrics_ProjectToken_NoBuildInfoNorRuntimeFigures()
    {
        await using var server = await RunningServer.StartAsync();
        var (_, project) = await server.CreateProjectAsync();
        using (project)
        {
            var scrape = await MetricsScrape.GetAsync(project);

            Assert.DoesNotContain(scrape.Samples, s => s.Name == "vitals_build_info" || s.Name.StartsWith("dotnet_", StringComparison.Ordinal));
        }
    }

    private static double Gen2(MetricsScrape scrape) =>
        Assert.Single(scrape.Samples, s => s.Name == "dotnet_collection_count_total" && s["generation"] == "2").Value;

    private static double Value(MetricsScrape scrape, string name) => Assert.Single(scrape.Samples, s => s.Name == name).Value;
}
