using System.CommandLine;
using Vitals.Cli.Apply;
using Vitals.Cli.Client;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.History;

/// <summary><c>vitals history MEMBER</c>: a member's state changes (stored) and its last check results (in memory), newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var member = new Argument<string>("MEMBER") { Description = "The member: its id (mbr-…) or its name." };
        var limit = new Option<int>("--limit")
        {
            Description = "How many transitions and results to show, 1-100 (default 20).",
            HelpName = "n",
            DefaultValueFactory = static _ => 20,
        };
        var command = new Command("history", "Show a member's state changes and its last check results, newest first.");
        command.Arguments.Add(member);
        command.Options.Add(limit);
        remote.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(limit) is < 1 or > 100)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("--limit must be from 1 to 100");
                return ExitCodes.InvalidUsage;
            }

            return await RemoteRunner.RunAsync(parseResult, remote,
                (context, token) => RunAsync(context, parseResult.GetValue(member)!, parseResult.GetValue(limit), token), cancellationToken);
        });
        return command;
    }

    /// <summary>The id of a member given by id or by name; null (with a message) when none or several match.</summary>
    public static async Task<string?> ResolveMemberAsync(RemoteContext context, string member, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(member);
        if (member.StartsWith("mbr-", StringComparison.Ordinal))
        {
            return member;
        }

        var found = await context.Client.ListAsync("members", "name=" + Uri.EscapeDataString(member), cancellationToken);
        if (found.Count == 1)
        {
            return CurrentFleet.Id(found[0]);
        }

        await context.Stderr.WriteLineAsync(found.Count == 0
            ? $"error: no member has the id or name '{member}'"
            : $"error: {found.Count} members are named '{member}'; give the id (vitals get members {member})");
        return null;
    }

    private static async Task<int> RunAsync(RemoteContext context, string member, int limit, CancellationToken cancellationToken)
    {
        if (await ResolveMemberAsync(context, member, cancellationToken) is not { } id)
        {
            return ExitCodes.CheckFailed;
        }

        var path = $"/api/v1/members/{Uri.EscapeDataString(id)}/history?limit={limit}";
        if (!context.IsTable)
        {
            await StructuredOutput.WriteAsync(context.Stdout, await context.Client.GetAsync(path, cancellationToken), context.Output);
            return ExitCodes.Success;
        }

        var history = await context.Client.GetAsync(path, ClientJsonContext.Default.MemberHistory, cancellationToken);
        await context.Stdout.WriteLineAsync($"Member {id}");
        var transitions = new TextTable("AT", "FROM", "TO", "CAUSE", "REASON");
        foreach (var t in history.Transitions)
        {
            transitions.Add(Canonical.Instant(t.At), t.From, t.To, t.Cause, HealthWords.Reason(t.ReasonCode, t.To));
        }

        await context.Stdout.WriteAsync(history.Transitions.Count == 0 ? "No transitions yet.\n" : "Transitions:\n" + transitions);
        var results = new TextTable("CHECKED_AT", "OUTCOME", "CHECK", "STATUS", "TOTAL_MS", "DETAIL");
        foreach (var r in history.Results)
        {
            results.Add(Canonical.Instant(r.CheckedAt), r.Outcome, r.CheckCode, r.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.TimingsMs?.Total is { } total ? CliFormat.Millis(total) : "", r.CheckStatus);
        }

        await context.Stdout.WriteAsync(history.Results.Count == 0
            ? "\nNo check results in memory (none yet, or the server restarted).\n"
            : "\nLast results:\n" + results);
        return ExitCodes.Success;
    }
}
