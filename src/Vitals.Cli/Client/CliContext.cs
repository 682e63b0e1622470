namespace Vitals.Cli.Client;

/// <summary>A named server and token in the CLI's config file (<c>vitals config set-context</c>).</summary>
internal sealed record CliContext(string Name, string? Server, string? Token);
