using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vitals.Cli.Apply;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Watch;

/// <summary>
/// <c>vitals watch</c>: prints state changes live from the server's event stream (<c>/api/v1/events</c>) until Ctrl+C,
/// <c>--count</c> events or <c>--timeout</c> seconds.
/// </summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var count = new Option<int?>("--count")
        {
            Description = "Stop after this many events (transitions and flapping changes).",
            HelpName = "n",
        };
        var timeout = new Option<int?>("--timeout")
        {
            Description = "Stop after this many seconds (default: until Ctrl+C).",
            HelpName = "seconds",
        };
        var command = new Command("watch", "Print member state changes live, as the server decides them.");
        command.Options.Add(count);
        command.Options.Add(timeout);
        remote.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(count) is < 1 || parseResult.GetValue(timeout) is < 1)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync("--count and --timeout must be at least 1");
                return ExitCodes.InvalidUsage;
            }

            return await RemoteRunner.RunAsync(parseResult, remote,
                (context, token) => RunAsync(context, parseResult.GetValue(count), parseResult.GetValue(timeout), token), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RemoteContext context, int? count, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in await context.Client.ListAsync("members", null, cancellationToken))
        {
            names[CurrentFleet.Id(member)] = CurrentFleet.Text(member, "name") ?? "";
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeoutSeconds is { } seconds)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        using var response = await context.Client.OpenEventsAsync(stop.Token);
        if (context.IsTable)
        {
            await context.Stdout.WriteLineAsync($"Watching {context.Client.Config.Server} (Ctrl+C to stop).");
            await context.Stdout.FlushAsync(cancellationToken);
        }

        var seen = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? eventName = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventName = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(line.AsSpan(5).TrimStart());
                }
                else if (line.Length == 0 && eventName is not null)
                {
                    await PrintAsync(context, eventName, data.ToString(), names);
                    await context.Stdout.FlushAsync(cancellationToken);
                    if (eventName is "transition" or "flapping" && ++seen >= count)
                    {
                        return ExitCodes.Success;
                    }

                    eventName = null;
                    data.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or --timeout: the normal end of a watch
            return ExitCodes.Success;
        }
        catch (IOException) when (stop.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (IOException e)
        {
            await context.Stderr.WriteLineAsync($"error: the event stream broke: {e.Message}");
            return ExitCodes.Unreachable;
        }

        await context.Stderr.WriteLineAsync("error: the server closed the event stream (it is stopping?)");
        return ExitCodes.Unreachable;
    }

    private static async Task PrintAsync(RemoteContext context, string eventName, string data, Dictionary<string, string> names)
    {
        JsonObject? obj;
        try
        {
            obj = JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            obj = null;
        }

        if (obj is null)
        {
            return;
        }

        if (!context.IsTable)
        {
            obj["event"] = eventName;
            var document = context.Output == "yaml" ? "---\n" + StructuredOutput.ToYaml(obj) : obj.ToJsonString();
            await context.Stdout.WriteLineAsync(document.TrimEnd('\n'));
            return;
        }

        var id = obj["member_id"]?.ToString() ?? "";
        var member = names.TryGetValue(id, out var name) && name.Length > 0 ? $"{name} ({id})" : id;
        var at = obj["at"]?.ToString() is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var instant)
            ? Canonical.Instant(instant)
            : "";
        var line = eventName switch
        {
            "transition" => $"{at}  {member}  {obj["from"]} -> {obj["to"]}"
                + (obj["reason_code"] is { } reason ? $"  {HealthWords.Reason(reason.ToString(), "")}" : "")
                + (obj["check_code"] is { } check ? $"  {check}" : "")
                + (obj["cause"]?.ToString() is { } cause and not "Checks" ? $"  ({cause})" : ""),
            "flapping" => $"{at}  {member}  " + (obj["flapping"]?.GetValue<bool>() == true ? "is flapping" : "stopped flapping"),
            "warning" => $"warning: {obj["message"]} ({obj["dropped"]} events dropped; run 'vitals status' to re-read the state)",
            _ => $"{eventName}: {data}",
        };
        await context.Stdout.WriteLineAsync(TerminalText.Escape(line));
    }
}
