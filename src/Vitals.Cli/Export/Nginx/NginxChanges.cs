using System.Text;

namespace Vitals.Cli.Export.Nginx;

/// <summary>What changed between two exports, in one line for the watcher's log: members out of and into rotation,
/// members added and removed.</summary>
internal static class NginxChanges
{
    private const int MaxListed = 20;

    public static string Describe(NginxFleet? before, NginxFleet after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            var (inRotation, total) = Count(after);
            return $"{after.Upstreams.Count} upstream(s), {inRotation} of {total} members in rotation";
        }

        var old = new Dictionary<string, NginxServer>(StringComparer.Ordinal);
        foreach (var upstream in before.Upstreams)
        {
            foreach (var server in upstream.Servers)
            {
                old[upstream.Name + "/" + server.MemberId] = server;
            }
        }

        var outs = new List<string>();
        var ins = new List<string>();
        var added = new List<string>();
        foreach (var upstream in after.Upstreams)
        {
            foreach (var server in upstream.Servers)
            {
                var key = upstream.Name + "/" + server.MemberId;
                var label = $"{upstream.Name}/{NginxNames.Comment(server.Name)}";
                if (!old.Remove(key, out var was))
                {
                    added.Add(label + (server.InRotation ? "" : $" ({Why(server)})"));
                }
                else if (was.InRotation && !server.InRotation)
                {
                    outs.Add($"{label} ({Why(server)})");
                }
                else if (!was.InRotation && server.InRotation)
                {
                    ins.Add(label + (server.KeptByPanic ? " (kept by panic)" : ""));
                }
            }
        }

        var removed = new List<string>();
        foreach (var key in old.Keys)
        {
            removed.Add(key);
        }

        var sb = new StringBuilder();
        Append(sb, "out", outs);
        Append(sb, "in", ins);
        Append(sb, "added", added);
        Append(sb, "removed", removed);
        return sb.Length > 0 ? sb.ToString() : "no member in or out (weights, names, reasons, panics or listeners changed)";
    }

    private static string Why(NginxServer server) =>
        server.Rotation == "down" && server.ReasonCode is { } reason ? $"down {NginxNames.Comment(reason)}" : server.Rotation;

    private static (int InRotation, int Total) Count(NginxFleet fleet)
    {
        var inRotation = 0;
        var total = 0;
        foreach (var upstream in fleet.Upstreams)
        {
            foreach (var server in upstream.Servers)
            {
                total++;
                inRotation += server.InRotation ? 1 : 0;
            }
        }

        return (inRotation, total);
    }

    private static void Append(StringBuilder sb, string word, List<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        if (sb.Length > 0)
        {
            sb.Append("; ");
        }

        sb.Append(word).Append(": ");
        for (var i = 0; i < items.Count && i < MaxListed; i++)
        {
            sb.Append(i > 0 ? ", " : "").Append(items[i]);
        }

        if (items.Count > MaxListed)
        {
            sb.Append(", and ").Append(items.Count - MaxListed).Append(" more");
        }
    }
}
