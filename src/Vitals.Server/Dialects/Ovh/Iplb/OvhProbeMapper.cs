using System.Collections.Frozen;
using System.Text.Json;
using Vitals.Control.Fleet;
using Vitals.Core.Monitoring;

namespace Vitals.Server.Dialects.Ovh.Iplb;

/// <summary>
/// OVH's <c>BackendProbe</c> (ovh-iplb.md §2.3) → the pool's health monitor. Vitals runs <c>http</c> and <c>tcp</c> probes
/// (over TLS with <c>forceSsl</c>), matching the HTTP status: a probe it cannot run (smtp, mysql, a body match, a negated
/// match, OPTIONS) is a 400 naming the field, and nothing changes.
/// </summary>
internal static class OvhProbeMapper
{
    /// <summary>OVH's floor for <c>interval</c>, and its default.</summary>
    public const int MinInterval = 30;

    /// <summary>HAProxy's default <c>http-check</c> rule (OVH <c>match: default</c>): a 2xx or 3xx answer passes.</summary>
    public const string DefaultHttpCodes = "200-399";

    private const string Prefix = "probe";

    private static readonly string[] Types = ["http", "tcp", "smtp", "mysql", "pgsql", "oco", "internal"];
    private static readonly string[] Methods = ["GET", "HEAD", "OPTIONS", "internal"];
    private static readonly string[] Matches = ["default", "status", "contains", "matches", "internal"];

    public static readonly FrozenSet<string> Fields = FrozenSet.Create(StringComparer.Ordinal,
        "type", "interval", "port", "url", "method", "match", "pattern", "negate", "forceSsl");

    /// <summary>The monitor input for <paramref name="probe"/> (null: OVH's default, a TCP check), or a 400 sentence.</summary>
    public static (HealthMonitorInput? Input, string? Error) ToInput(OvhBody body, JsonElement? probe, HealthMonitorSpec? current)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (current?.Type is HealthMonitorType.Grpc or HealthMonitorType.UdpConnect)
        {
            return (null, $"Invalid body parameter probe: the farm's probe is a {current.Type.ToWire()} check, which an OVH probe cannot express; "
                + "change it through the native API (/api/v1/healthmonitors)");
        }

        var fields = probe is { } element ? body.Nested(element, Prefix, Fields) : null;
        if (probe is not null && fields is null)
        {
            return (null, body.FirstError);
        }

        fields ??= OvhBody.Empty();
        var type = fields.Enum("probe.type", Types) ?? "tcp";
        var interval = fields.Long("probe.interval") ?? MinInterval;
        var port = fields.Long("probe.port");
        var url = fields.String("probe.url");
        var method = fields.Enum("probe.method", Methods) ?? "GET";
        var match = fields.Enum("probe.match", Matches) ?? "default";
        var pattern = fields.String("probe.pattern");
        var negate = fields.Bool("probe.negate") ?? false;
        var forceSsl = fields.Bool("probe.forceSsl") ?? false;
        if (fields.HasErrors)
        {
            return (null, fields.FirstError);
        }

        var http = type == "http";
        var error = type is not ("http" or "tcp") ? $"Invalid body parameter probe.type: Vitals runs http and tcp probes, not {type}"
            : interval < MinInterval ? $"Invalid body parameter probe.interval: must be at least {MinInterval}"
            : interval > HealthMonitorValidator.MaxDelay ? $"Invalid body parameter probe.interval: Vitals probes at least every {HealthMonitorValidator.MaxDelay} seconds"
            : port is < 1 or > 65535 ? "Invalid body parameter probe.port: must be 1 to 65535"
            : http && method is not ("GET" or "HEAD") ? $"Invalid body parameter probe.method: Vitals probes with GET or HEAD, not {method}"
            : match is not ("default" or "status") ? $"Invalid body parameter probe.match: Vitals matches the HTTP status only (default or status), not {match}"
            : !http && match != "default" ? "Invalid body parameter probe.match: a tcp probe matches only by default"
            : match == "status" && string.IsNullOrWhiteSpace(pattern) ? "Invalid body parameter probe.pattern: the status codes to match, e.g. 200,204"
            : negate ? "Invalid body parameter probe.negate: Vitals cannot negate a match"
            : null;
        if (error is not null)
        {
            return (null, error);
        }

        var (host, path) = http ? SplitUrl(url) : (null, null);
        var input = new HealthMonitorInput
        {
            Type = (http, forceSsl) switch
            {
                (true, true) => HealthMonitorType.Https.ToWire(),
                (true, false) => HealthMonitorType.Http.ToWire(),
                (false, true) => HealthMonitorType.Tls.ToWire(),
                _ => HealthMonitorType.Tcp.ToWire(),
            },
            Delay = (int)interval,
            // OVH has no timeout or rise/fall: the farm keeps its own, else HAProxy's rise 2 / fall 3 and a timeout below the interval.
            Timeout = current?.Timeout ?? 5,
            MaxRetries = current?.MaxRetries ?? 2,
            MaxRetriesDown = current?.MaxRetriesDown ?? 3,
            MonitorPort = (int?)port,
            UrlPath = path,
            DomainName = host,
            HttpMethod = http ? method : null,
            ExpectedCodes = !http ? null : match == "status" ? pattern!.Replace(" ", "", StringComparison.Ordinal) : DefaultHttpCodes,
            AdminStateUp = true,
            Fields = FrozenSet.Create(StringComparer.Ordinal, "type", "delay", "timeout", "max_retries", "max_retries_down", "monitor_port",
                "url_path", "domain_name", "http_method", "expected_codes", "admin_state_up"),
        };
        return (input, null);
    }

    /// <summary>OVH's <c>[host]/path</c>, the protocol part ignored: the Host header (null: the member) and the path.</summary>
    public static (string? Host, string Path) SplitUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return (null, "/");
        }

        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme >= 0 ? url[(scheme + 3)..] : url;
        if (rest.StartsWith('/'))
        {
            return (null, rest);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest.Length == 0 ? null : rest, "/") : (slash == 0 ? null : rest[..slash], rest[slash..]);
    }

    /// <summary>The OVH name of a native monitor field, for error sentences.</summary>
    public static string Name(string field) => field switch
    {
        "delay" => "probe.interval",
        "monitor_port" => "probe.port",
        "url_path" or "domain_name" => "probe.url",
        "expected_codes" => "probe.pattern",
        "http_method" => "probe.method",
        "type" => "probe.type",
        "timeout" or "max_retries" or "max_retries_down" => "probe (the farm's " + field + ")",
        _ => field,
    };
}
