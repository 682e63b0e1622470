using System.CommandLine;

namespace Vitals.Cli.Serve;

/// <summary>The options of <c>vitals serve</c>.</summary>
internal sealed class ServeOptions
{
    public const string AdminTokenVariable = "VITALS_ADMIN_TOKEN";

    public const string StoreVariable = "VITALS_STORE";

    public Option<string> Listen { get; } = new("--listen")
    {
        Description = "Where the API listens: ADDRESS:PORT (IPv4, [IPv6]:PORT or localhost:PORT).",
        HelpName = "address:port",
        DefaultValueFactory = static _ => "127.0.0.1:8080",
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "Where the store is: postgres://user:password@host:port/database or Host=...;Database=... for a PostgreSQL "
            + $"database several nodes share (default: ${StoreVariable}, else SQLite in --data-dir).",
        HelpName = "url",
    };

    public Option<string?> NodeId { get; } = new("--node-id")
    {
        Description = "This node's name in a PostgreSQL store several nodes share: the origin of its changes "
            + "(letters, digits, '.', '_', '-'; default: the host name and a random suffix).",
        HelpName = "name",
    };

    public Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = "Directory of the SQLite database (created when missing) and the generated TLS certificate.",
        HelpName = "dir",
        DefaultValueFactory = static _ => "./data",
    };

    public Option<string?> AdminToken { get; } = new("--admin-token")
    {
        Description = $"Token that may create projects (default: ${AdminTokenVariable}; none means no admin access).",
        HelpName = "token",
    };

    public Option<string?> TlsListen { get; } = new("--tls-listen")
    {
        Description = "Also serve HTTPS here: ADDRESS:PORT (OVH clients speak only HTTPS).",
        HelpName = "address:port",
    };

    public Option<string?> TlsCertificate { get; } = new("--tls-cert")
    {
        Description = "HTTPS certificate: PEM (key inside or --tls-key) or PKCS#12 without password. "
            + "Default: a self-signed one generated into <data-dir>/tls/ on first start and reused.",
        HelpName = "file",
    };

    public Option<string?> TlsKey { get; } = new("--tls-key")
    {
        Description = "PEM private key of --tls-cert when it is in a separate file.",
        HelpName = "file",
    };

    public Option<int> ResultHistory { get; } = new("--result-history")
    {
        Description = "Check results kept in memory per member for history and the console's latency chart (1-100). "
            + "About 2 KiB a member at 30 while answers stay the same; lower it for very large fleets.",
        HelpName = "n",
        DefaultValueFactory = static _ => 30,
    };

    public Option<bool> Demo { get; } = new("--demo")
    {
        Description = "Add a demo project whose fleet runs inside the process: every state and reason within seconds.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Listen);
        command.Options.Add(Store);
        command.Options.Add(NodeId);
        command.Options.Add(DataDir);
        command.Options.Add(AdminToken);
        command.Options.Add(TlsListen);
        command.Options.Add(TlsCertificate);
        command.Options.Add(TlsKey);
        command.Options.Add(ResultHistory);
        command.Options.Add(Demo);
    }
}
