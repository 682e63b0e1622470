using System.CommandLine;

namespace Vitals.Cli.Probe;

/// <summary>
/// The options of <c>vitals probe</c>. Monitor fields are taken as text and converted by
/// <see cref="MonitorDraftBuilder"/>, so a bad number yields the same field-level message as a bad range
/// and every problem of a command line is reported at once.
/// </summary>
internal sealed class ProbeOptions
{
    public Option<string> Type { get; } = new("--type")
    {
        Description = "Check type: TCP, UDP_CONNECT, HTTP, HTTPS, TLS or GRPC.",
        HelpName = "type",
        DefaultValueFactory = static _ => "TCP",
    };

    public Option<string?> Delay { get; } = Text("--delay", "seconds", "Seconds between checks, 1-50 (default 5).");

    public Option<string?> Timeout { get; } = Text("--timeout", "seconds", "Seconds one check may take, 1-50 (default 3).");

    public Option<string?> MaxRetries { get; } =
        Text("--max-retries", "count", "Rise: consecutive passes that make a target healthy, 1-10 (default 3).");

    public Option<string?> MaxRetriesDown { get; } =
        Text("--max-retries-down", "count", "Fall: consecutive failures that make a target unhealthy, 1-10 (default 3).");

    public Option<string?> ExpectedCodes { get; } =
        Text("--expected-codes", "codes", "Passing status codes: 200, 200,202 or 200-299 (gRPC: 0-99; default 200, or 0).");

    public Option<string?> UrlPath { get; } = Text("--url-path", "path", "HTTP(S) request path (default /).");

    public Option<string?> HttpMethod { get; } = Text("--http-method", "method", "HTTP(S) method: GET, HEAD or POST (default GET).");

    public Option<string?> DomainName { get; } =
        Text("--domain-name", "name", "Host header and TLS SNI (default: the target address).");

    public Option<string?> MonitorPort { get; } =
        Text("--monitor-port", "port", "Port to check instead of each target's own port, 1-65535.");

    public Option<string?> AdminStateUp { get; } = new("--admin-state-up")
    {
        Description = "true or false; false switches checking off (scheduled targets become Unavailable).",
        HelpName = "true|false",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<bool> GrpcTls { get; } = new("--grpc-tls")
    {
        Description = "GRPC checks: speak gRPC over TLS instead of cleartext HTTP/2.",
    };

    public Option<string> Output { get; } = CreateOutput();

    public Option<FileInfo?> TargetsFile { get; } = new("--targets-file")
    {
        Description = "Check every ADDRESS:PORT in this file (one per line, # comments) on schedule.",
        HelpName = "file",
    };

    public Option<string?> Duration { get; } =
        Text("--duration", "seconds", "Scheduled mode: stop after this many seconds (default: until Ctrl+C).");

    public Option<string?> MaxInFlight { get; } =
        Text("--max-in-flight", "count", "Scheduled mode: most checks running at once (default: the engine's).");

    public Option<string?> LogFormat { get; } = Logging.LogFormatOption.Create();

    public Argument<string?> Address { get; } = new("ADDRESS:PORT")
    {
        Description = "The target of a one-shot check: 10.0.0.5:80, [2001:db8::5]:443 or host:port.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public void AddTo(Command command)
    {
        Option[] options =
        [
            Type, Delay, Timeout, MaxRetries, MaxRetriesDown, ExpectedCodes, UrlPath, HttpMethod, DomainName,
            MonitorPort, AdminStateUp, GrpcTls, Output, TargetsFile, Duration, MaxInFlight, LogFormat,
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.Arguments.Add(Address);
    }

    private static Option<string?> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "text for people, json for scripts.",
            HelpName = "text|json",
            DefaultValueFactory = static _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}
