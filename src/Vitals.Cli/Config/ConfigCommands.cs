using System.CommandLine;
using System.Text.Json.Nodes;
using Vitals.Cli.Client;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Config;

/// <summary>
/// <c>vitals config set-context|use-context|get-contexts</c>: named servers and tokens in the CLI's config file, so
/// one machine can talk to several servers (or projects) and switch with one command. Flags and environment
/// variables still win over the chosen context (<see cref="ServerConfigResolver"/>).
/// </summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var command = new Command("config", "Manage contexts (named server and token pairs) in the CLI's config file.");
        command.Subcommands.Add(CreateSetContext());
        command.Subcommands.Add(CreateUseContext());
        command.Subcommands.Add(CreateGetContexts());
        return command;
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The context: 1 to 64 letters, digits, '.', '-' or '_'." };

    private static Command CreateSetContext()
    {
        var name = NameArgument();
        var server = new Option<string?>("--server", "-s") { Description = "The server URL of this context.", HelpName = "url" };
        var token = new Option<string?>("--token") { Description = "The token of this context (stored in the file, 0600).", HelpName = "token" };
        var command = new Command("set-context", "Create a context, or change the server or token of one (what is not given is kept).");
        command.Arguments.Add(name);
        command.Options.Add(server);
        command.Options.Add(token);
        command.SetAction((parseResult, cancellationToken) => WithFileAsync(parseResult, save: true, async (file, path, stdout, stderr) =>
        {
            var contextName = parseResult.GetValue(name)!;
            if (!CliConfigFile.IsValidName(contextName))
            {
                await stderr.WriteLineAsync($"NAME: must be 1 to 64 letters, digits, '.', '-' or '_' (got '{TerminalText.Escape(contextName)}')");
                return ExitCodes.InvalidUsage;
            }

            var url = parseResult.GetValue(server);
            if (url is not null && !ServerConfigResolver.TryParseServer(url, out _))
            {
                await stderr.WriteLineAsync($"--server: must be an http or https URL such as http://127.0.0.1:8080 (got '{TerminalText.Escape(url)}')");
                return ExitCodes.InvalidUsage;
            }

            var existing = file.Find(contextName);
            var updated = new CliContext(contextName, url ?? existing?.Server, parseResult.GetValue(token) ?? existing?.Token);
            if (existing is null)
            {
                file.Contexts.Add(updated);
            }
            else
            {
                file.Contexts[file.Contexts.IndexOf(existing)] = updated;
            }

            await stdout.WriteLineAsync($"context {contextName} {(existing is null ? "created" : "changed")} in {path}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateUseContext()
    {
        var name = NameArgument();
        var command = new Command("use-context", "Make a context the current one: commands without --server/--token use it.");
        command.Arguments.Add(name);
        command.SetAction((parseResult, cancellationToken) => WithFileAsync(parseResult, save: true, async (file, path, stdout, stderr) =>
        {
            var contextName = parseResult.GetValue(name)!;
            if (file.Find(contextName) is null)
            {
                await stderr.WriteLineAsync($"error: no context named '{TerminalText.Escape(contextName)}' in {path} (`vitals config get-contexts` lists them)");
                return ExitCodes.CheckFailed;
            }

            file.CurrentContext = contextName;
            await stdout.WriteLineAsync($"switched to context {contextName}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateGetContexts()
    {
        var output = new RemoteOptions().Output;
        var command = new Command("get-contexts", "List the contexts, the current one marked with *; tokens are never shown.");
        command.Options.Add(output);
        command.SetAction((parseResult, cancellationToken) => WithFileAsync(parseResult, save: false, async (file, path, stdout, stderr) =>
        {
            var format = parseResult.GetValue(output) ?? "table";
            if (format != "table")
            {
                var contexts = new JsonArray();
                foreach (var context in file.Contexts)
                {
                    contexts.Add(new JsonObject
                    {
                        ["name"] = context.Name,
                        ["server"] = context.Server,
                        ["token_set"] = context.Token is not null,
                        ["current"] = context.Name == file.CurrentContext,
                    });
                }

                await StructuredOutput.WriteAsync(stdout, new JsonObject { ["current_context"] = file.CurrentContext, ["contexts"] = contexts }, format);
                return ExitCodes.Success;
            }

            var table = new TextTable("CURRENT", "NAME", "SERVER", "TOKEN");
            foreach (var context in file.Contexts)
            {
                table.Add(context.Name == file.CurrentContext ? "*" : "", context.Name, context.Server ?? "", context.Token is null ? "" : "set");
            }

            await stdout.WriteAsync(table.Count == 0 ? $"No contexts in {path}.\n" : table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> WithFileAsync(ParseResult parseResult, bool save,
        Func<CliConfigFile, string, TextWriter, TextWriter, Task<int>> body, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        if (ServerConfigResolver.ConfigPath(RemoteRunner.Environment) is not { } path)
        {
            await stderr.WriteLineAsync("error: no config file: neither VITALS_CONFIG, XDG_CONFIG_HOME nor HOME is set");
            return ExitCodes.InvalidUsage;
        }

        if (!CliConfigFile.TryLoad(path, out var file, out var error))
        {
            await stderr.WriteLineAsync(error);
            return ExitCodes.InvalidUsage;
        }

        var exit = await body(file, path, stdout, stderr);
        if (exit == ExitCodes.Success && save)
        {
            try
            {
                file.Save(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"error: {path} cannot be written: {e.Message}");
                return ExitCodes.InvalidUsage;
            }
        }

        return exit;
    }
}
