using System.CommandLine;
using Vitals.Cli.Probe;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Diagnose;

/// <summary>
/// The options of <c>vitals diagnose</c>: every monitor option of <c>vitals probe</c> (shared through
/// <see cref="ProbeOptions"/>, so <see cref="MonitorDraftBuilder"/> reads them the same way), plus what only a
/// diagnosis needs.
/// </summary>
internal sealed class DiagnoseOptions
{
    public const int DefaultBudgetSeconds = 15;
    public const int MaxBudgetSeconds = 120;

    public ProbeOptions Monitor { get; } = new();

    /// <summary>Where the server is, for <c>vitals diagnose MEMBER</c>.</summary>
    public RemoteOptions Remote { get; } = new();

    public Option<string?> BackendPort { get; } = new("--backend-port")
    {
        Description = "The port the listener forwards traffic to, when it differs from ADDRESS:PORT's (compared with the check port).",
        HelpName = "port",
    };

    public Option<string?> Budget { get; } = new("--budget")
    {
        Description = $"Seconds the whole diagnosis may take, 1-{MaxBudgetSeconds} (default {DefaultBudgetSeconds}).",
        HelpName = "seconds",
    };

    public Option<string?> Samples { get; } = new("--samples")
    {
        Description = "How many times each probe runs (the verdict is the majority), 1-10 (default 3).",
        HelpName = "count",
    };

    public Option<string[]> HostHints { get; } = new("--host-hint")
    {
        Description = "A host name the site serves, tried as Host/SNI when the configured one fails (repeatable).",
        HelpName = "name",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        var m = Monitor;
        Option[] options =
        [
            m.Type, m.Delay, m.Timeout, m.MaxRetries, m.MaxRetriesDown, m.ExpectedCodes, m.UrlPath, m.HttpMethod, m.DomainName,
            m.MonitorPort, m.AdminStateUp, m.GrpcTls, BackendPort, HostHints, Samples, Budget, m.Output,
        ];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        m.Address.Description = "ADDRESS:PORT of the backend (10.0.0.5:80, [2001:db8::5]:443), or a MEMBER id or name to diagnose through the server.";
        Remote.AddTo(command, withOutput: false);
        command.Arguments.Add(m.Address);
    }
}
