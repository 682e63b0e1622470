using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// <c>vitals export nginx --standalone</c>: a whole nginx.conf that runs unprivileged from a directory of its own
/// (<c>nginx -p DIR -c nginx.conf</c>): the pid file, the error log and the temporary files are relative to that prefix;
/// <c>http { }</c> with the HTTP upstreams and one <c>server</c> per HTTP listener (<c>proxy_pass</c>, or <c>grpc_pass</c>
/// over HTTP/2 for gRPC pools), <c>stream { }</c> with the other upstreams and one <c>server</c> per TCP or UDP listener,
/// each bound to <see cref="Bind"/> at the listener's port.
/// </summary>
/// <param name="Bind">The address every listener binds (an IP address).</param>
/// <param name="PidFile">The <c>pid</c> directive (relative to the prefix unless absolute).</param>
/// <param name="LoadModules">Modules to load first (<c>load_module</c>): where stream is a dynamic module, e.g. Debian's
/// <c>/usr/lib/nginx/modules/ngx_stream_module.so</c>.</param>
internal sealed record NginxStandalone(string Bind, string PidFile, IReadOnlyList<string> LoadModules)
{
    public static bool IsAddress(string text) => IPAddress.TryParse(text, out _);

    public void Write(StringBuilder sb, NginxFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(fleet);
        foreach (var module in LoadModules)
        {
            sb.Append("load_module ").Append(module).Append(";\n");
        }

        sb.Append("worker_processes 1;\n");
        sb.Append("pid ").Append(PidFile).Append(";\n");
        sb.Append("error_log error.log notice;\n");
        sb.Append("\nevents {\n    worker_connections 1024;\n}\n");
        sb.Append("\nhttp {\n");
        sb.Append("    access_log off;\n");
        // Relative to the prefix, so that nginx needs no directory of the system's (Debian's defaults are in /var/lib/nginx).
        sb.Append("    client_body_temp_path client_body_temp;\n");
        sb.Append("    proxy_temp_path proxy_temp;\n");
        sb.Append("    fastcgi_temp_path fastcgi_temp;\n");
        sb.Append("    uwsgi_temp_path uwsgi_temp;\n");
        sb.Append("    scgi_temp_path scgi_temp;\n");
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        WriteContext(sb, fleet, NginxContext.Http, used);
        sb.Append("}\n");
        if (Has(fleet, NginxContext.Stream))
        {
            sb.Append("\nstream {\n");
            WriteContext(sb, fleet, NginxContext.Stream, used);
            sb.Append("}\n");
        }
    }

    private void WriteContext(StringBuilder sb, NginxFleet fleet, NginxContext context, Dictionary<string, string> used)
    {
        if (Has(fleet, context))
        {
            sb.Append('\n');
            NginxWriter.WriteUpstreams(sb, fleet, context, "    ");
        }

        var address = IPAddress.Parse(Bind).AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Bind}]" : Bind;
        foreach (var listener in fleet.Listeners)
        {
            if (listener.Upstream.Context != context)
            {
                continue;
            }

            var upstream = listener.Upstream;
            var port = listener.Port.ToString(CultureInfo.InvariantCulture);
            var udp = upstream.Protocol is "UDP" or "QUIC";
            sb.Append('\n').Append(CultureInfo.InvariantCulture,
                $"    # listener {NginxNames.Comment(listener.Name)} ({listener.Id}, {listener.Protocol} :{port}) of load balancer {NginxNames.Comment(upstream.LoadBalancerName)}\n");
            if (!listener.AdminStateUp)
            {
                sb.Append("    # switched off: not served\n");
                continue;
            }

            // One socket per port and transport: nginx refuses a second stream server on the same address and port.
            var key = (udp ? "udp:" : "tcp:") + port;
            if (used.TryGetValue(key, out var other))
            {
                sb.Append(CultureInfo.InvariantCulture, $"    # port {port} is already served for listener {NginxNames.Comment(other)}: left out\n");
                continue;
            }

            used[key] = listener.Name;
            if (listener.Protocol is "HTTPS" or "TCPSSL")
            {
                sb.Append("    # TLS is not terminated here: add ssl to listen and your ssl_certificate and ssl_certificate_key\n");
            }

            sb.Append("    server {\n");
            if (context == NginxContext.Stream)
            {
                sb.Append(CultureInfo.InvariantCulture, $"        listen {address}:{port}{(udp ? " udp" : "")};\n");
                sb.Append("        proxy_pass ").Append(upstream.Name).Append(";\n");
            }
            else if (upstream.Protocol == "GRPC")
            {
                sb.Append(CultureInfo.InvariantCulture, $"        listen {address}:{port} http2;\n");
                sb.Append("        location / {\n            grpc_pass grpc://").Append(upstream.Name).Append(";\n        }\n");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"        listen {address}:{port};\n");
                sb.Append("        location / {\n            proxy_pass ").Append(upstream.Protocol == "HTTPS" ? "https://" : "http://")
                    .Append(upstream.Name).Append(";\n        }\n");
            }

            sb.Append("    }\n");
        }
    }

    private static bool Has(NginxFleet fleet, NginxContext context)
    {
        foreach (var upstream in fleet.Upstreams)
        {
            if (upstream.Context == context)
            {
                return true;
            }
        }

        return false;
    }
}
