using System.CommandLine;
using System.Net;
using Vitals.Cli.Client;

namespace Vitals.Cli.Remote;

/// <summary>
/// Runs a server command: resolves the server and token, then turns what went wrong into a message and an exit code
/// (docs/cli.md): unreachable or failing server 3, rejected credentials or input 2, not found 1, Ctrl+C 130.
/// </summary>
internal static class RemoteRunner
{
    /// <summary>Where the environment comes from; tests replace it to check the precedence without touching the process.</summary>
    public static Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;

    public static async Task<int> RunAsync(ParseResult parseResult, RemoteOptions options,
        Func<RemoteContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(body);
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        if (!ServerConfigResolver.TryResolve(parseResult.GetValue(options.Server), parseResult.GetValue(options.Token),
                parseResult.CommandResult.Command.Options.Contains(options.Context) ? parseResult.GetValue(options.Context) : null, Environment,
                out var config, out var configError))
        {
            await stderr.WriteLineAsync(configError);
            return ExitCodes.InvalidUsage;
        }

        using var client = new VitalsClient(config, TimeSpan.FromSeconds(parseResult.GetValue(options.RequestTimeout)));
        var output = parseResult.GetResult(options.Output) is null ? "table" : parseResult.GetValue(options.Output) ?? "table";
        try
        {
            return await body(new RemoteContext(client, stdout, stderr, output), cancellationToken);
        }
        catch (ServerUnreachableException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (ApiException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            if (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await stderr.WriteLineAsync(config.Token is null
                    ? "No token was given: pass --token, set VITALS_TOKEN, or put token: in the config file (or a context: vitals config set-context)."
                    : $"The server refused the token (from {(config.Token == parseResult.GetValue(options.Token) ? "--token" : "VITALS_TOKEN, a context or the config file")}); use a project token (the admin token for vitals projects).");
                return ExitCodes.InvalidUsage;
            }

            return e.Status == HttpStatusCode.NotFound ? ExitCodes.CheckFailed : ExitCodes.InvalidUsage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
