using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Tokens;

/// <summary>
/// <c>vitals tokens create|list|revoke|rotate</c>: the project's named bearer tokens. With a project token the
/// commands act on its own project; the admin token names one with <c>--project</c>. A secret is printed once, when
/// it is created or rotated.
/// </summary>
internal static class TokenCommands
{
    private static readonly string[] Columns = ["id", "name", "status", "created_at", "expires_at", "last_used_at", "revoked_at"];

    public static Command Create()
    {
        var command = new Command("tokens", "Create, list, revoke and rotate the project's named bearer tokens.");
        command.Subcommands.Add(CreateCreate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRevoke());
        command.Subcommands.Add(CreateRotate());
        return command;
    }

    private static Option<string?> ProjectOption() => new("--project", "-p")
    {
        Description = "The project (needed with the admin token; a project token acts on its own project).",
        HelpName = "id",
    };

    private static Argument<string> IdArgument() => new("ID") { Description = "The token's id, as `vitals tokens list` shows it." };

    private static Command CreateCreate()
    {
        var remote = new RemoteOptions();
        var project = ProjectOption();
        var name = new Argument<string>("NAME") { Description = "1 to 64 letters, digits, '.', '-' or '_', unique among the project's active tokens." };
        var expiresIn = new Option<string?>("--expires-in")
        {
            Description = "Expire this long from now: a number and m, h or d (e.g. 12h, 90d).",
            HelpName = "duration",
        };
        var expiresAt = new Option<string?>("--expires-at") { Description = "Expire at this RFC 3339 instant (e.g. 2027-01-01T00:00:00Z).", HelpName = "instant" };
        var command = new Command("create", "Create a named token; its secret is printed once and never again.");
        command.Arguments.Add(name);
        command.Options.Add(project);
        command.Options.Add(expiresIn);
        command.Options.Add(expiresAt);
        remote.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(expiresIn) is { } text && !TryParseLifetime(text, out _))
            {
                result.AddError($"--expires-in must be a positive number and m, h or d (got '{text}')");
            }

            if (result.GetValue(expiresIn) is not null && result.GetValue(expiresAt) is not null)
            {
                result.AddError("give --expires-in or --expires-at, not both");
            }
        });
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var body = new JsonObject { ["name"] = parseResult.GetValue(name) };
            if (parseResult.GetValue(expiresIn) is { } lifetimeText && TryParseLifetime(lifetimeText, out var lifetime))
            {
                body["expires_at"] = TimeProvider.System.GetUtcNow().Add(lifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }
            else if (parseResult.GetValue(expiresAt) is { } at)
            {
                body["expires_at"] = at;
            }

            var created = await context.Client.PostAsync(PathOf(parseResult.GetValue(project)), body, token);
            return await WriteIssuedAsync(context, created);
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var remote = new RemoteOptions();
        var project = ProjectOption();
        var command = new Command("list", "List the project's tokens (never their secrets), revoked and expired ones included.");
        command.Options.Add(project);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var listed = await context.Client.GetAsync(PathOf(parseResult.GetValue(project)), token);
            if (!context.IsTable)
            {
                await StructuredOutput.WriteAsync(context.Stdout, listed, context.Output);
                return ExitCodes.Success;
            }

            var table = new TextTable([.. Columns.Select(static c => c.ToUpperInvariant())]);
            if (listed["tokens"] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    table.Add([.. Columns.Select(c => TerminalText.Escape(Text(item[c])))]);
                }
            }

            await context.Stdout.WriteAsync(table.Count == 0 ? "No tokens.\n" : table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRevoke()
    {
        var remote = new RemoteOptions();
        var project = ProjectOption();
        var id = IdArgument();
        var command = new Command("revoke", "Revoke a token: refused from the next request on, on every node.");
        command.Arguments.Add(id);
        command.Options.Add(project);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var value = parseResult.GetValue(id)!;
            await context.Client.DeleteAsync($"{PathOf(parseResult.GetValue(project))}/{Uri.EscapeDataString(value)}", token);
            await context.Stdout.WriteLineAsync($"revoked token {TerminalText.Escape(value)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRotate()
    {
        var remote = new RemoteOptions();
        var project = ProjectOption();
        var id = IdArgument();
        var command = new Command("rotate", "Give a token a new secret (printed once); the old secret is refused at once.");
        command.Arguments.Add(id);
        command.Options.Add(project);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var value = parseResult.GetValue(id)!;
            var rotated = await context.Client.PostAsync($"{PathOf(parseResult.GetValue(project))}/{Uri.EscapeDataString(value)}/rotate", null, token);
            return await WriteIssuedAsync(context, rotated);
        }, cancellationToken));
        return command;
    }

    private static async Task<int> WriteIssuedAsync(RemoteContext context, JsonObject issued)
    {
        if (!context.IsTable)
        {
            await StructuredOutput.WriteAsync(context.Stdout, issued, context.Output);
            return ExitCodes.Success;
        }

        if (issued["token"] is JsonObject token)
        {
            foreach (var column in Columns)
            {
                await context.Stdout.WriteLineAsync($"{column}: {TerminalText.Escape(Text(token[column]))}");
            }
        }

        await context.Stdout.WriteLineAsync($"secret: {TerminalText.Escape(Text(issued["secret"]))}");
        await context.Stdout.WriteLineAsync("Keep the secret now: the server never shows it again.");
        return ExitCodes.Success;
    }

    private static string PathOf(string? project) =>
        project is null ? "/api/v1/tokens" : $"/api/v1/projects/{Uri.EscapeDataString(project)}/tokens";

    /// <summary>A lifetime: a positive number and <c>m</c>, <c>h</c> or <c>d</c> (<c>90d</c>, <c>12h</c>, <c>30m</c>).</summary>
    internal static bool TryParseLifetime(string text, out TimeSpan lifetime)
    {
        lifetime = default;
        var trimmed = text.Trim();
        if (trimmed.Length < 2
            || !long.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > 36_500)
        {
            return false;
        }

        lifetime = char.ToLowerInvariant(trimmed[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ => TimeSpan.Zero,
        };
        return lifetime > TimeSpan.Zero;
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
