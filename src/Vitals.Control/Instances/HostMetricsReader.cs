using Vitals.Core.Instances;

namespace Vitals.Control.Instances;

/// <summary>Reduces a node_exporter exposition to the <see cref="HostMetrics"/> the instance health rule reads.</summary>
internal static class HostMetricsReader
{
    public const string Load1 = "node_load1";
    public const string CpuSeconds = "node_cpu_seconds_total";
    public const string MemAvailable = "node_memory_MemAvailable_bytes";
    public const string MemTotal = "node_memory_MemTotal_bytes";
    public const string FilesystemAvail = "node_filesystem_avail_bytes";
    public const string FilesystemSize = "node_filesystem_size_bytes";

    /// <summary>The only metric names the reader needs; pass to the parser to skip everything else cheaply.</summary>
    public static IReadOnlySet<string> MetricNames { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Load1, CpuSeconds, MemAvailable, MemTotal, FilesystemAvail, FilesystemSize,
    };

    public static HostMetrics Read(PrometheusExposition exposition, DateTimeOffset sampledAt)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        return new HostMetrics(sampledAt, LoadPerCpu(exposition), MemoryAvailableRatio(exposition), RootDiskFreeRatio(exposition));
    }

    /// <summary><c>node_load1</c> over the number of CPUs that report an <c>idle</c> mode.</summary>
    public static double? LoadPerCpu(PrometheusExposition exposition)
    {
        var load = First(exposition, Load1);
        var cpus = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in exposition.Named(CpuSeconds))
        {
            if (string.Equals(sample.Label("mode"), "idle", StringComparison.Ordinal) && sample.Label("cpu") is { } cpu)
            {
                cpus.Add(cpu);
            }
        }

        return load is null || cpus.Count == 0 ? null : load.Value / cpus.Count;
    }

    public static double? MemoryAvailableRatio(PrometheusExposition exposition) =>
        Ratio(First(exposition, MemAvailable), First(exposition, MemTotal));

    /// <summary>Avail over size of the filesystem mounted at <c>/</c> (size taken from the same device).</summary>
    public static double? RootDiskFreeRatio(PrometheusExposition exposition)
    {
        foreach (var avail in exposition.Named(FilesystemAvail))
        {
            if (!string.Equals(avail.Label("mountpoint"), "/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var size in exposition.Named(FilesystemSize))
            {
                if (string.Equals(size.Label("mountpoint"), "/", StringComparison.Ordinal)
                    && string.Equals(size.Label("device"), avail.Label("device"), StringComparison.Ordinal))
                {
                    return Ratio(avail.Value, size.Value);
                }
            }
        }

        return null;
    }

    private static double? First(PrometheusExposition exposition, string name)
    {
        foreach (var sample in exposition.Named(name))
        {
            return sample.Value;
        }

        return null;
    }

    private static double? Ratio(double? part, double? whole) =>
        part is { } p && whole is { } w && w > 0 && double.IsFinite(p) && double.IsFinite(w) ? Math.Clamp(p / w, 0, 1) : null;
}
