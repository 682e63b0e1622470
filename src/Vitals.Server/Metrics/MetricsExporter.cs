using System.IO.Pipelines;
using Vitals.Control.Health;
using Vitals.Control.Notifications;
using Vitals.Control.Traffic;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Server.Auth;

namespace Vitals.Server.Metrics;

/// <summary>
/// The <c>/metrics</c> answer: member and pool series for what the caller may see, then (admin only) the engine's and
/// the process's. Each family is one pass over the rows read once by <see cref="ScrapeTable"/>, because the format
/// wants a family's samples together. Every metric is described in docs/metrics.md.
/// </summary>
internal sealed partial class MetricsExporter(LiveHealthReader health, RotationBook rotations, HaproxySyncService sync, FailedAuthLimiter auth,
    AlertmanagerPusher? alertmanager = null, WebhookDispatcher? webhooks = null)
{
    private static readonly HealthState[] States = Enum.GetValues<HealthState>();
    private static readonly byte[][] StateLabels = StateLabelBytes();

    // At most ~200 KB written between two flush checks (5 state lines of ~300 bytes per member at worst).
    private const int RowsPerFlush = 128;

    /// <summary>Writes the whole exposition into <paramref name="output"/>, flushing as it goes; does not complete it.</summary>
    public async Task<long> WriteAsync(Caller caller, PipeWriter output, CancellationToken cancellationToken)
    {
        var writer = new PrometheusTextWriter(output);
        using (var table = ScrapeTable.Read(health, caller.Scope))
        {
            await WriteMembersAsync(writer, output, table, cancellationToken);
            WritePools(writer, table);
            WriteRotation(writer, table, caller.Scope);
        }

        WriteSync(writer, caller.Scope);
        WriteWebhooks(writer, caller.Scope);

        // The engine and the process serve every project: only the admin sees them (a project token sees its own fleet).
        if (caller.IsAdmin)
        {
            WriteEngine(writer);
            WriteAuth(writer);
            WriteAlertmanager(writer);
            ProcessMetrics.Write(writer);
            RuntimeMetrics.Write(writer);
        }

        await writer.FlushAsync(output, cancellationToken);
        return writer.BytesWritten;
    }

    private static async Task WriteMembersAsync(PrometheusTextWriter writer, PipeWriter output, ScrapeTable table, CancellationToken cancellationToken)
    {
        foreach (var series in MemberSeries.All)
        {
            writer.Family(series.Name, series.Help, "gauge"u8);
            for (var start = 0; start < table.MemberCount; start += RowsPerFlush)
            {
                WriteRows(writer, table, series, start, Math.Min(start + RowsPerFlush, table.MemberCount));
                await writer.FlushIfFullAsync(output, cancellationToken);
            }
        }
    }

    /// <summary>One family's lines for the members in [start, end).</summary>
    private static void WriteRows(PrometheusTextWriter writer, ScrapeTable table, MemberSeries series, int start, int end)
    {
        var rows = table.Members;
        for (var i = start; i < end; i++)
        {
            ref readonly var row = ref rows[i];
            switch (series.Kind)
            {
                case MemberSeriesKind.Info:
                    writer.Raw(series.Name);
                    writer.Raw("{"u8);
                    writer.Raw(table.Labels(row.LabelStart, row.LabelLength));
                    writer.Raw("}"u8);
                    writer.Value(1);
                    break;
                case MemberSeriesKind.Up:
                    Sample(writer, series.Name, table, row);
                    writer.Value(row.State == HealthState.Healthy ? 1 : 0);
                    break;
                case MemberSeriesKind.State:
                    foreach (var state in States)
                    {
                        Sample(writer, series.Name, table, row, StateLabels[(int)state]);
                        writer.Value(row.State == state ? 1 : 0);
                    }

                    break;
                case MemberSeriesKind.StateSince:
                    Sample(writer, series.Name, table, row);
                    writer.Value(row.SinceSeconds);
                    break;
                case MemberSeriesKind.Flapping:
                    Sample(writer, series.Name, table, row);
                    writer.Value(row.Flapping ? 1 : 0);
                    break;
                case MemberSeriesKind.LastSuccess when row.HasCheck:
                    Sample(writer, series.Name, table, row);
                    writer.Value(row.LastSuccess ? 1 : 0);
                    break;
                case MemberSeriesKind.LastDuration when row.HasCheck:
                    Sample(writer, series.Name, table, row);
                    writer.Value(row.LastDurationSeconds);
                    break;
                case MemberSeriesKind.LastTimestamp when row.HasCheck:
                    Sample(writer, series.Name, table, row);
                    writer.Value(row.LastTimestampSeconds);
                    break;
                case MemberSeriesKind.LastFailure when row.HasCheck && !row.LastSuccess:
                    writer.Raw(series.Name);
                    writer.Raw("{"u8);
                    writer.Raw(table.Labels(row.LabelStart, row.IdentityLength));
                    writer.Label("reason_code"u8, row.LastReason.ToWire() ?? "");
                    writer.Label("check_code"u8, row.LastCheckCode.ToWire());
                    writer.Raw("}"u8);
                    writer.Value(1);
                    break;
                default:
                    break; // a check series of a member without a check: no line
            }
        }
    }

    private static void WritePools(PrometheusTextWriter writer, ScrapeTable table)
    {
        writer.Family("vitals_pool_members"u8, "The pool's members counted per reported state.", "gauge"u8);
        foreach (var pool in table.Pools)
        {
            PoolSample(writer, table, pool, HealthState.Initial, pool.Initial);
            PoolSample(writer, table, pool, HealthState.Healthy, pool.Healthy);
            PoolSample(writer, table, pool, HealthState.Unhealthy, pool.Unhealthy);
            PoolSample(writer, table, pool, HealthState.Unused, pool.Unused);
            PoolSample(writer, table, pool, HealthState.Unavailable, pool.Unavailable);
        }
    }

    /// <summary>Each pool's members in rotation and whether it is in panic, from the rotation book (decided from memory).</summary>
    private void WriteRotation(PrometheusTextWriter writer, ScrapeTable table, ProjectScope scope)
    {
        var pools = table.Pools;
        var decided = new PoolRotation?[pools.Length];
        for (var i = 0; i < pools.Length; i++)
        {
            decided[i] = rotations.GetPool(scope, pools[i].PoolId);
        }

        writer.Family("vitals_pool_in_rotation"u8, "The pool's members a load balancer should send traffic to (kept by a panic included).", "gauge"u8);
        for (var i = 0; i < pools.Length; i++)
        {
            if (decided[i] is { } pool)
            {
                PoolValue(writer, "vitals_pool_in_rotation{"u8, table, pools[i], pool.InRotation);
            }
        }

        writer.Family("vitals_pool_panic"u8, "1 while the pool is below its min_healthy_percent and keeps failing members in rotation.", "gauge"u8);
        for (var i = 0; i < pools.Length; i++)
        {
            if (decided[i] is { } pool)
            {
                PoolValue(writer, "vitals_pool_panic{"u8, table, pools[i], pool.Panic is null ? 0 : 1);
            }
        }
    }

    private static void PoolValue(PrometheusTextWriter writer, ReadOnlySpan<byte> nameAndBrace, ScrapeTable table, in PoolRow pool, int value)
    {
        writer.Raw(nameAndBrace);
        writer.Raw(table.Labels(pool.LabelStart, pool.LabelLength));
        writer.Raw("}"u8);
        writer.Value(value);
    }

    private static void PoolSample(PrometheusTextWriter writer, ScrapeTable table, PoolRow pool, HealthState state, int count)
    {
        writer.Raw("vitals_pool_members{"u8);
        writer.Raw(table.Labels(pool.LabelStart, pool.LabelLength));
        writer.Raw(StateLabels[(int)state]);
        writer.Raw("}"u8);
        writer.Value(count);
    }

    /// <summary><c>name{identity labels[,extra]}</c>: the value follows.</summary>
    private static void Sample(PrometheusTextWriter writer, ReadOnlySpan<byte> name, ScrapeTable table, in MemberRow row,
        ReadOnlySpan<byte> extraLabel = default)
    {
        writer.Raw(name);
        writer.Raw("{"u8);
        writer.Raw(table.Labels(row.LabelStart, row.IdentityLength));
        writer.Raw(extraLabel);
        writer.Raw("}"u8);
    }

    /// <summary><c>,state="Healthy"</c> and so on, by <see cref="HealthState"/> value.</summary>
    private static byte[][] StateLabelBytes()
    {
        var labels = new byte[States.Length][];
        foreach (var state in States)
        {
            labels[(int)state] = System.Text.Encoding.UTF8.GetBytes($",state=\"{state}\"");
        }

        return labels;
    }
}
