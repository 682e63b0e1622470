using System.CommandLine;
using System.CommandLine.Invocation;
using Vitals.Cli.Apply;
using Vitals.Cli.Completion;
using Vitals.Cli.Config;
using Vitals.Cli.Credentials;
using Vitals.Cli.Delete;
using Vitals.Cli.Diagnose;
using Vitals.Cli.Export;
using Vitals.Cli.Get;
using Vitals.Cli.History;
using Vitals.Cli.Probe;
using Vitals.Cli.Projects;
using Vitals.Cli.Serve;
using Vitals.Cli.Status;
using Vitals.Cli.Tokens;
using Vitals.Cli.Watch;

namespace Vitals.Cli;

/// <summary>
/// The <c>vitals</c> command tree, runnable in-process with any writers (the tests capture them), so the process
/// entry point is only the console plumbing.
/// </summary>
internal static class CliApp
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("vitals: health checks the way a cloud load balancer runs them.\n\n"
            + "Standalone: probe, diagnose ADDRESS:PORT, serve. Against a running server (--server/--token, VITALS_SERVER/VITALS_TOKEN, "
            + "or a context of ~/.config/vitals/config.yaml): apply, get, delete, status, watch, history, export, diagnose MEMBER, access-keys, ovh-credentials, huawei-credentials, tokens, projects (admin).\n"
            + "Contexts (named server and token pairs): vitals config. Shell completion: vitals completion bash|zsh.\n"
            + "Exit codes: 0 ok, 1 unhealthy/problem/not found, 2 usage or rejected input, 3 server unreachable.");
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(DiagnoseCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ApplyCommand.Create());
        root.Subcommands.Add(GetCommand.Create());
        root.Subcommands.Add(DeleteCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(WatchCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(CredentialCommands.AccessKeys());
        root.Subcommands.Add(CredentialCommands.OvhCredentials());
        root.Subcommands.Add(CredentialCommands.HuaweiCredentials());
        root.Subcommands.Add(TokenCommands.Create());
        root.Subcommands.Add(ProjectCommands.Create());
        root.Subcommands.Add(ConfigCommands.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        return root;
    }

    /// <param name="args">The command line, without the program name.</param>
    /// <param name="stdout">Where results go; flushed before this returns.</param>
    /// <param name="stderr">Where usage errors and diagnostics go.</param>
    /// <param name="handleSignals">Turn Ctrl+C and SIGTERM into cancellation (the real process only).</param>
    /// <param name="cancellationToken">Stops the command as Ctrl+C would.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, bool handleSignals,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var parseResult = CreateRootCommand().Parse(args);
        try
        {
            // System.CommandLine answers parse errors with exit code 1, which here means "the check failed":
            // usage errors are reported by us, with the exit code 2 that scripts can tell apart.
            if (parseResult.Action is ParseErrorAction)
            {
                foreach (var error in parseResult.Errors)
                {
                    await stderr.WriteLineAsync(error.Message);
                }

                await stderr.WriteLineAsync("Run 'vitals --help' or 'vitals COMMAND --help' for usage.");
                return ExitCodes.InvalidUsage;
            }

            if (parseResult.Action is System.CommandLine.Help.HelpAction)
            {
                // Help goes through a buffer: its list of subcommands is rewritten to show optional arguments as such.
                await using var help = new StringWriter();
                var exit = await parseResult.InvokeAsync(new InvocationConfiguration { Output = help, Error = stderr }, cancellationToken);
                await stdout.WriteAsync(HelpText.ShowOptionalArguments(help.ToString(), parseResult.CommandResult.Command));
                return exit;
            }

            var configuration = new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                ProcessTerminationTimeout = handleSignals ? TimeSpan.FromSeconds(5) : null,
            };
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        finally
        {
            await stdout.FlushAsync(CancellationToken.None);
            await stderr.FlushAsync(CancellationToken.None);
        }
    }
}
