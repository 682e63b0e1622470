using System.CommandLine;
using Vitals.Cli.Client;
using Vitals.Cli.Output;
using Vitals.Cli.Remote;
using Vitals.Core.Validation;

namespace Vitals.Cli.Apply;

/// <summary>
/// <c>vitals apply -f fleet.yaml [--prune] [--dry-run]</c>: makes the project on the server match a fleet file
/// (docs/fleet-file.md). Validates the whole file first (a bad file changes nothing), reads the current state, prints
/// the plan, then carries it out; a second apply of the same file finds nothing to change.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var remote = new RemoteOptions();
        var file = new Option<string>("--file", "-f")
        {
            Description = "The fleet file, YAML or JSON (docs/fleet-file.md); - reads standard input.",
            HelpName = "file",
            Required = true,
        };
        var prune = new Option<bool>("--prune")
        {
            Description = "Also delete what the project holds but the file does not declare (without it, apply never deletes).",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the plan and change nothing.",
        };
        var command = new Command("apply", "Make the server's fleet match a fleet file: creates, updates and (with --prune) deletes.");
        command.Options.Add(file);
        command.Options.Add(prune);
        command.Options.Add(dryRun);
        remote.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stderr = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file)!;
            string text;
            try
            {
                text = path == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"file: cannot read '{path}': {e.Message}");
                return ExitCodes.InvalidUsage;
            }

            var errors = new FieldErrorList();
            var fleet = FleetFileReader.Read(text, errors);
            if (fleet is null)
            {
                await WriteErrorsAsync(stderr, path, errors);
                return ExitCodes.InvalidUsage;
            }

            return await RemoteRunner.RunAsync(parseResult, remote,
                (context, token) => RunAsync(context, path, fleet, parseResult.GetValue(prune), parseResult.GetValue(dryRun), token),
                cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RemoteContext context, string path, FleetFile fleet, bool prune, bool dryRun,
        CancellationToken cancellationToken)
    {
        var current = await CurrentFleet.LoadAsync(context.Client, cancellationToken);
        var planner = new ApplyPlanner(fleet, current, prune);
        planner.Plan();
        if (planner.Errors.HasErrors)
        {
            await WriteErrorsAsync(context.Stderr, path, planner.Errors);
            return ExitCodes.InvalidUsage;
        }

        if (context.IsTable)
        {
            await context.Stdout.WriteAsync(PlanFormatter.ToText(planner.Steps));
        }

        if (dryRun || planner.Calls.Count == 0)
        {
            if (context.IsTable && dryRun && planner.Calls.Count > 0)
            {
                await context.Stdout.WriteLineAsync("Dry run: nothing was changed.");
            }
            else if (!context.IsTable)
            {
                await StructuredOutput.WriteAsync(context.Stdout, PlanFormatter.ToJson(planner.Steps, dryRun, applied: false), context.Output);
            }

            return ExitCodes.Success;
        }

        var run = new ApplyRun(context.Client);
        foreach (var (key, id) in planner.KnownIds)
        {
            run.Ids[key] = id;
        }

        var done = 0;
        foreach (var call in planner.Calls)
        {
            try
            {
                await call.RunAsync(run, cancellationToken);
            }
            catch (ApiException)
            {
                await context.Stderr.WriteLineAsync(
                    $"apply stopped at {call.Step.Action.ToString().ToLowerInvariant()} {call.Step.Kind} {call.Step.Label} after {done} of {planner.Calls.Count} calls; what ran before stays (run apply again once fixed).");
                throw;
            }

            done++;
        }

        if (context.IsTable)
        {
            await context.Stdout.WriteLineAsync($"Applied {planner.Steps.Count} change(s).");
            foreach (var (webhook, id, secret) in run.Secrets)
            {
                await context.Stdout.WriteLineAsync(
                    $"Webhook {webhook} ({id}) signs with {secret} : shown only now, give it to the receiver (docs/notifications.md).");
            }
        }
        else
        {
            var json = PlanFormatter.ToJson(planner.Steps, dryRun: false, applied: true);
            if (run.Secrets.Count > 0)
            {
                json["webhook_secrets"] = ApplyPlanner.SecretsJson(run);
            }

            await StructuredOutput.WriteAsync(context.Stdout, json, context.Output);
        }

        return ExitCodes.Success;
    }

    private static async Task WriteErrorsAsync(TextWriter stderr, string path, FieldErrorList errors)
    {
        await stderr.WriteLineAsync($"{path}: {errors.Errors.Count} problem(s), nothing was changed:");
        foreach (var error in errors.Errors)
        {
            await stderr.WriteLineAsync(error.ToString());
        }
    }
}
