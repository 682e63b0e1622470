using Vitals.Cli.Client;

namespace Vitals.Cli.Remote;

/// <summary>What a server command runs with: the client, the writers and the output format.</summary>
internal sealed record RemoteContext(VitalsClient Client, TextWriter Stdout, TextWriter Stderr, string Output)
{
    public bool IsTable => Output == "table";
}
