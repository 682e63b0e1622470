using Vitals.Server.Telemetry;

namespace Vitals.Server.Metrics;

/// <summary>
/// <c>vitals_build_info</c> and the .NET runtime's own figures (garbage collector, thread pool, lock contention), under
/// the <c>dotnet_*</c> names of the Prometheus .NET clients. Read from the runtime at each scrape; nothing is kept.
/// </summary>
internal static class RuntimeMetrics
{
    public static void Write(PrometheusTextWriter writer)
    {
        writer.Family("vitals_build_info"u8, "Always 1: the version, source revision and .NET runtime of this server.", "gauge"u8);
        writer.Raw("vitals_build_info{"u8);
        writer.Label("version"u8, BuildInfo.Version, first: true);
        writer.Label("revision"u8, BuildInfo.Revision);
        writer.Label("dotnet"u8, BuildInfo.Dotnet);
        writer.Raw("}"u8);
        writer.Value(1);

        writer.Family("dotnet_collection_count_total"u8, "Garbage collections since start, per generation.", "counter"u8);
        for (var generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            writer.Raw("dotnet_collection_count_total{"u8);
            writer.Label("generation"u8, generation, first: true);
            writer.Raw("}"u8);
            writer.Value(GC.CollectionCount(generation));
        }

        var gc = GC.GetGCMemoryInfo();
        MetricsExporter.Single(writer, "dotnet_gc_heap_size_bytes"u8, "Managed heap size after the last garbage collection, fragmentation included.",
            "gauge"u8, gc.HeapSizeBytes);
        MetricsExporter.Single(writer, "dotnet_gc_committed_bytes"u8, "Memory the garbage collector has committed.", "gauge"u8, gc.TotalCommittedBytes);
        MetricsExporter.Single(writer, "dotnet_total_memory_bytes"u8, "Bytes currently thought to be allocated on the managed heap.", "gauge"u8,
            GC.GetTotalMemory(forceFullCollection: false));
        MetricsExporter.Single(writer, "dotnet_gc_allocated_bytes_total"u8, "Bytes allocated on the managed heap since start.", "counter"u8,
            GC.GetTotalAllocatedBytes(precise: false));
        MetricsExporter.Single(writer, "dotnet_gc_pause_seconds_total"u8, "Time the runtime was paused for garbage collections since start.", "counter"u8,
            GC.GetTotalPauseDuration().TotalSeconds);
        MetricsExporter.Single(writer, "dotnet_threadpool_threads"u8, "Thread pool threads that exist now.", "gauge"u8, ThreadPool.ThreadCount);
        MetricsExporter.Single(writer, "dotnet_threadpool_queue_length"u8, "Work items queued to the thread pool and not yet started.", "gauge"u8,
            ThreadPool.PendingWorkItemCount);
        MetricsExporter.Single(writer, "dotnet_threadpool_completed_items_total"u8, "Work items the thread pool has completed since start.", "counter"u8,
            ThreadPool.CompletedWorkItemCount);
        MetricsExporter.Single(writer, "dotnet_monitor_lock_contention_total"u8, "Times a thread waited for a Monitor lock since start.", "counter"u8,
            Monitor.LockContentionCount);
    }
}
