using System.CommandLine;
using System.Text.Json.Nodes;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Projects;

/// <summary>
/// <c>vitals projects create|list</c> with the admin token (<c>POST</c>/<c>GET /api/v1/projects</c>): a new project's
/// first token is printed once, as the API shows it only once.
/// </summary>
internal static class ProjectCommands
{
    private static readonly string[] Columns = ["id", "name", "created_at"];

    public static Command Create()
    {
        var command = new Command("projects", "Create and list projects (admin token).");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateCreate()
    {
        var remote = new RemoteOptions();
        var name = new Argument<string>("NAME") { Description = "The project's name: not blank, at most 255 characters." };
        var command = new Command("create", "Create a project; its first token (named default) is printed once and never again.");
        command.Arguments.Add(name);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var created = await context.Client.PostAsync("/api/v1/projects", new JsonObject { ["name"] = parseResult.GetValue(name) }, token);
            if (!context.IsTable)
            {
                await StructuredOutput.WriteAsync(context.Stdout, created, context.Output);
                return ExitCodes.Success;
            }

            if (created["project"] is JsonObject project)
            {
                foreach (var column in Columns)
                {
                    await context.Stdout.WriteLineAsync($"{column}: {TerminalText.Escape(project[column]?.ToString())}");
                }
            }

            await context.Stdout.WriteLineAsync($"token: {TerminalText.Escape(created["token"]?.ToString())}");
            await context.Stdout.WriteLineAsync("Keep the token now: the server never shows it again.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var remote = new RemoteOptions();
        var command = new Command("list", "List every project.");
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var listed = await context.Client.GetAsync("/api/v1/projects", token);
            if (!context.IsTable)
            {
                await StructuredOutput.WriteAsync(context.Stdout, listed, context.Output);
                return ExitCodes.Success;
            }

            var table = new TextTable([.. Columns.Select(static c => c.ToUpperInvariant())]);
            if (listed["projects"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    table.Add([.. Columns.Select(c => item[c]?.ToString())]);
                }
            }

            await context.Stdout.WriteAsync(table.Count == 0 ? "No projects.\n" : table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
