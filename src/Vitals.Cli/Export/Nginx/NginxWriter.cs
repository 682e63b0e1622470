using System.Globalization;
using System.Text;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// Writes pools as nginx <c>upstream</c> blocks that follow Vitals' verdicts: one <c>server ADDR:PORT weight=N
/// max_fails=0</c> per member, <c>down</c> on every member out of rotation (down, drain, maint), a comment line per member
/// with its rotation and reason. nginx's passive checks are off (<c>max_fails=0</c>): Vitals decides who takes traffic.
/// Nothing in the output changes unless the fleet or a verdict does (no timestamp), so a watcher can compare bytes.
/// </summary>
internal static class NginxWriter
{
    /// <summary>Where an upstream without members points: nginx refuses an empty upstream, so a placeholder marked <c>down</c>.</summary>
    public const string Placeholder = "127.0.0.1:9";

    /// <summary>Appends every upstream of <paramref name="context"/>, each line after <paramref name="indent"/>.</summary>
    public static void WriteUpstreams(StringBuilder sb, NginxFleet fleet, NginxContext context, string indent)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(fleet);
        var first = true;
        foreach (var upstream in fleet.Upstreams)
        {
            if (upstream.Context != context)
            {
                continue;
            }

            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            WriteUpstream(sb, upstream, indent);
        }
    }

    /// <summary>Appends one <c>upstream</c> block.</summary>
    public static void WriteUpstream(StringBuilder sb, NginxUpstream upstream, string indent)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(upstream);
        var inRotation = 0;
        foreach (var server in upstream.Servers)
        {
            inRotation += server.InRotation ? 1 : 0;
        }

        sb.Append(indent).Append(CultureInfo.InvariantCulture,
            $"# pool {NginxNames.Comment(upstream.PoolName)} ({upstream.PoolId}) of load balancer {NginxNames.Comment(upstream.LoadBalancerName)}: ")
            .Append(CultureInfo.InvariantCulture, $"{upstream.Protocol}, {inRotation} of {upstream.Servers.Count} members in rotation\n");
        if (upstream.Panic is { } panic)
        {
            sb.Append(indent).Append("# panic: ").Append(NginxNames.Comment(panic)).Append('\n');
        }

        sb.Append(indent).Append("upstream ").Append(upstream.Name).Append(" {\n");
        var inner = indent + "    ";
        WriteAlgorithm(sb, upstream, inner);
        if (upstream.Servers.Count == 0)
        {
            sb.Append(inner).Append("# no members: a placeholder, as nginx refuses an empty upstream; requests get 502\n");
            sb.Append(inner).Append("server ").Append(Placeholder).Append(" down;\n");
        }
        else if (inRotation == 0)
        {
            sb.Append(inner).Append("# every member is out of rotation: nginx answers 502 (a pool's min_healthy_percent keeps the least-bad in)\n");
        }

        foreach (var server in upstream.Servers)
        {
            WriteServer(sb, server, inner);
        }

        sb.Append(indent).Append("}\n");
    }

    private static void WriteAlgorithm(StringBuilder sb, NginxUpstream upstream, string indent)
    {
        switch (upstream.LbAlgorithm)
        {
            case "LEAST_CONNECTIONS":
                sb.Append(indent).Append("least_conn;\n");
                break;
            case "SOURCE_IP":
                // ip_hash keys on the client's /24 (IPv4); stream has no ip_hash, so the whole address is hashed there.
                sb.Append(indent).Append(upstream.Context == NginxContext.Http ? "ip_hash;\n" : "hash $remote_addr;\n");
                break;
            case "ROUND_ROBIN":
                break; // nginx's default: weighted round robin
            default:
                sb.Append(indent).Append("# ").Append(NginxNames.Comment(upstream.LbAlgorithm))
                    .Append(": nginx has no such algorithm, weighted round robin stands in for it\n");
                break;
        }
    }

    private static void WriteServer(StringBuilder sb, NginxServer server, string indent)
    {
        sb.Append(indent).Append("# ").Append(NginxNames.Comment(server.Name)).Append(" (").Append(server.MemberId).Append("): ");
        switch (server.Rotation)
        {
            case "ready" when server.KeptByPanic:
                sb.Append("ready, kept in rotation by the pool's panic (min_healthy_percent); failing: ")
                    .Append(NginxNames.Comment(server.ReasonCode ?? "check failed"));
                break;
            case "ready":
                sb.Append("ready");
                break;
            case "down":
                sb.Append("down, ").Append(NginxNames.Comment(server.ReasonCode ?? "CHECK_FAILED"));
                break;
            case "drain":
                sb.Append("drain (weight 0)");
                break;
            case "maint":
                sb.Append("maint (member or pool switched off)");
                break;
            case "unknown":
                sb.Append("unknown (no verdict yet): left in, as nginx would");
                break;
            default:
                sb.Append(NginxNames.Comment(server.Rotation)).Append(": out of rotation");
                break;
        }

        sb.Append('\n');
        sb.Append(indent).Append("server ").Append(server.Endpoint).Append(" weight=").Append(server.Weight.ToString(CultureInfo.InvariantCulture))
            .Append(" max_fails=0");
        if (!server.InRotation)
        {
            sb.Append(" down");
        }

        sb.Append(";\n");
    }
}
