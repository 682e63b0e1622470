using System.CommandLine;
using System.Text.Json.Nodes;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Credentials;

/// <summary>
/// <c>vitals access-keys</c> (Alibaba AccessKey pairs), <c>vitals ovh-credentials</c> (OVH application key,
/// secret and consumer key) and <c>vitals huawei-credentials</c> (Huawei AK/SK pairs): issue, list and revoke the
/// project's dialect credentials. The secret is shown once, when it is issued.
/// </summary>
internal static class CredentialCommands
{
    public static Command AccessKeys() => Create(new CredentialKindInfo(
        Name: "access-keys",
        Title: "Alibaba Cloud AccessKey pairs for the project (the official Alibaba SDKs sign with them)",
        Path: "/api/v1/access-keys",
        ListProperty: "access_keys",
        IdField: "access_key_id",
        IdArgument: "ACCESS_KEY_ID",
        Columns: ["access_key_id", "status", "description", "created_at", "revoked_at"]));

    public static Command OvhCredentials() => Create(new CredentialKindInfo(
        Name: "ovh-credentials",
        Title: "OVH API credentials for the project (application key, secret, consumer key; node-ovh signs with them)",
        Path: "/api/v1/ovh-credentials",
        ListProperty: "credentials",
        IdField: "consumer_key",
        IdArgument: "CONSUMER_KEY",
        Columns: ["application_key", "consumer_key", "description", "created_at", "revoked_at"]));

    public static Command HuaweiCredentials() => Create(new CredentialKindInfo(
        Name: "huawei-credentials",
        Title: "Huawei Cloud AK/SK pairs for the project (the official Huawei SDKs sign with them)",
        Path: "/api/v1/huawei-credentials",
        ListProperty: "credentials",
        IdField: "access",
        IdArgument: "AK",
        Columns: ["access", "status", "description", "created_at", "revoked_at"]));

    private static Command Create(CredentialKindInfo kind)
    {
        var command = new Command(kind.Name, $"Issue, list and revoke {kind.Title}.");
        command.Subcommands.Add(CreateIssue(kind));
        command.Subcommands.Add(CreateList(kind));
        command.Subcommands.Add(CreateRevoke(kind));
        return command;
    }

    private static Command CreateIssue(CredentialKindInfo kind)
    {
        var remote = new RemoteOptions();
        var description = new Option<string?>("--description") { Description = "A note to tell credentials apart.", HelpName = "text" };
        var command = new Command("create", "Issue a new credential; its secret is printed once and never again.");
        command.Options.Add(description);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var body = new JsonObject();
            if (parseResult.GetValue(description) is { } text)
            {
                body["description"] = text;
            }

            var created = await context.Client.PostAsync(kind.Path, body, token);
            if (!context.IsTable)
            {
                await StructuredOutput.WriteAsync(context.Stdout, created, context.Output);
                return ExitCodes.Success;
            }

            foreach (var (name, value) in created)
            {
                await context.Stdout.WriteLineAsync($"{name}: {TerminalText.Escape(Text(value))}");
            }

            await context.Stdout.WriteLineAsync("Keep the secret now: the server never shows it again.");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList(CredentialKindInfo kind)
    {
        var remote = new RemoteOptions();
        var command = new Command("list", "List the project's credentials (without secrets), revoked ones included.");
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var listed = await context.Client.GetAsync(kind.Path, token);
            if (!context.IsTable)
            {
                await StructuredOutput.WriteAsync(context.Stdout, listed, context.Output);
                return ExitCodes.Success;
            }

            var table = new TextTable([.. kind.Columns.Select(c => c.ToUpperInvariant())]);
            if (listed[kind.ListProperty] is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    table.Add([.. kind.Columns.Select(c => Text(item[c]))]);
                }
            }

            await context.Stdout.WriteAsync(table.Count == 0 ? "No credentials.\n" : table.ToString());
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRevoke(CredentialKindInfo kind)
    {
        var remote = new RemoteOptions();
        var id = new Argument<string>(kind.IdArgument) { Description = $"The {kind.IdField} of the credential to revoke." };
        var command = new Command("revoke", "Revoke a credential: requests signed with it are refused from now on.");
        command.Arguments.Add(id);
        remote.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RemoteRunner.RunAsync(parseResult, remote, async (context, token) =>
        {
            var value = parseResult.GetValue(id)!;
            await context.Client.DeleteAsync($"{kind.Path}/{Uri.EscapeDataString(value)}", token);
            await context.Stdout.WriteLineAsync($"revoked {TerminalText.Escape(value)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    private sealed record CredentialKindInfo(string Name, string Title, string Path, string ListProperty, string IdField,
        string IdArgument, string[] Columns);
}
