using System.Text;

namespace Vitals.Cli.Export.Nginx;

/// <summary>The whole text <c>vitals export nginx</c> writes: a header, then the upstreams of one context, or with
/// <c>--standalone</c> a whole nginx.conf.</summary>
internal static class NginxConfig
{
    public static string Render(NginxFleet fleet, NginxSelection selection, NginxStandalone? standalone, Uri server)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(server);
        var sb = new StringBuilder();
        sb.Append("# vitals export nginx from ").Append(NginxNames.Comment(server.ToString())).Append('\n');
        foreach (var line in fleet.Skipped)
        {
            sb.Append(line).Append('\n');
        }

        if (standalone is not null)
        {
            sb.Append("# a whole nginx.conf: nginx -p DIR -c FILE (pid, error log and temporary files under DIR)\n");
            standalone.Write(sb, fleet);
            return sb.ToString();
        }

        var context = selection.Context ?? (fleet.Upstreams.Count > 0 ? fleet.Upstreams[0].Context : NginxContext.Http);
        var word = NginxFleetReader.Word(context);
        sb.Append("# upstreams for nginx's ").Append(word).Append(" { } context: include this file there\n");
        if (fleet.Upstreams.Count == 0)
        {
            sb.Append("# no pool of the ").Append(word).Append(" context\n");
            return sb.ToString();
        }

        sb.Append('\n');
        NginxWriter.WriteUpstreams(sb, fleet, context, "");
        return sb.ToString();
    }
}
