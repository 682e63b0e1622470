using System.Globalization;

namespace Vitals.Server.Metrics;

/// <summary>
/// The standard <c>process_*</c> metrics of the Prometheus clients (Go, Python), read from Linux's /proc as they do:
/// CPU time, memory, file descriptors and start time. Elsewhere nothing is written (no /proc/self/stat).
/// </summary>
internal static class ProcessMetrics
{
    // USER_HZ: the kernel reports times in /proc in 1/100 s on every Linux architecture (it is part of the ABI).
    private const double TicksPerSecond = 100;

    public static void Write(PrometheusTextWriter writer)
    {
        if (!TryReadStat(out var stat))
        {
            return;
        }

        MetricsExporter.Single(writer, "process_cpu_seconds_total"u8, "Total user and system CPU time spent in seconds.", "counter"u8,
            (stat.UserTicks + stat.SystemTicks) / TicksPerSecond);
        MetricsExporter.Single(writer, "process_resident_memory_bytes"u8, "Resident memory size in bytes.", "gauge"u8,
            stat.RssPages * (double)Environment.SystemPageSize);
        MetricsExporter.Single(writer, "process_virtual_memory_bytes"u8, "Virtual memory size in bytes.", "gauge"u8, stat.VirtualBytes);
        if (OpenFds() is { } open)
        {
            MetricsExporter.Single(writer, "process_open_fds"u8, "Number of open file descriptors.", "gauge"u8, open);
        }

        if (MaxFds() is { } max)
        {
            MetricsExporter.Single(writer, "process_max_fds"u8, "Maximum number of open file descriptors.", "gauge"u8, max);
        }

        if (BootTime() is { } boot)
        {
            MetricsExporter.Single(writer, "process_start_time_seconds"u8, "Start time of the process since unix epoch in seconds.",
                "gauge"u8, boot + (stat.StartTicks / TicksPerSecond));
        }
    }

    /// <summary>Fields of /proc/self/stat (man 5 proc): utime, stime, starttime, vsize, rss.</summary>
    internal static bool TryReadStat(out (long UserTicks, long SystemTicks, long StartTicks, double VirtualBytes, long RssPages) stat)
    {
        stat = default;
        string text;
        try
        {
            text = File.ReadAllText("/proc/self/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 22)
        {
            return false;
        }

        stat = (Long(fields[11]), Long(fields[12]), Long(fields[19]), Long(fields[20]), Long(fields[21]));
        return true;
    }

    private static int? OpenFds()
    {
        try
        {
            var count = 0;
            foreach (var _ in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                count++;
            }

            return count;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of "Max open files" in /proc/self/limits.</summary>
    private static double? MaxFds()
    {
        foreach (var line in ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length > 0 && parts[0] == "unlimited" ? double.PositiveInfinity
                    : parts.Length > 0 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var limit) ? limit : null;
            }
        }

        return null;
    }

    /// <summary>The boot time (<c>btime</c> of /proc/stat), Unix seconds: process start times count from it.</summary>
    private static long? BootTime()
    {
        foreach (var line in ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal))
            {
                return long.TryParse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture, out var boot) ? boot : null;
            }
        }

        return null;
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static long Long(string text) => long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
