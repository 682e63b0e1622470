using System.CommandLine;
using Vitals.Cli.Probe;
using Vitals.Core.Validation;
using Vitals.Diagnostics;
using Vitals.Probes;

namespace Vitals.Cli.Diagnose;

/// <summary>
/// <c>vitals diagnose --type ... ADDRESS:PORT</c>: runs the troubleshooting checklist against one backend and prints
/// the findings, most likely cause first; <c>vitals diagnose MEMBER</c> (an id or name, no <c>--type</c>) asks the
/// server to do it for one of its members (<see cref="RemoteDiagnose"/>). Exit 0 when healthy, 1 when a problem was
/// found (or nothing could be told), 2 on a usage error, 3 when the server cannot be reached.
/// </summary>
internal static class DiagnoseCommand
{
    public static Command Create()
    {
        var options = new DiagnoseOptions();
        var command = new Command("diagnose",
            "Explain why a backend fails its health check: ADDRESS:PORT (with --type ...) here, or a MEMBER (id or name) through the server.");
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, DiagnoseOptions options, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var errors = new FieldErrorList();
        var argument = parseResult.GetValue(options.Monitor.Address);
        if (argument is not null && !argument.Contains(':', StringComparison.Ordinal)
            && parseResult.GetResult(options.Monitor.Type) is not { Implicit: false })
        {
            // An ADDRESS:PORT always has a colon; a member id or name has none.
            var serverBudget = ParseInRange(errors, "budget", parseResult.GetValue(options.Budget), 1, DiagnoseOptions.MaxBudgetSeconds);
            if (errors.HasErrors)
            {
                await stderr.WriteLineAsync(errors.Errors[0].ToString());
                return ExitCodes.InvalidUsage;
            }

            return await RemoteDiagnose.RunAsync(parseResult, options, argument, serverBudget, cancellationToken);
        }

        MonitorDraftBuilder.TryBuild(parseResult, options.Monitor, out var spec, errors);
        var backendPort = ParseInRange(errors, "backend_port", parseResult.GetValue(options.BackendPort), 1, 65535);
        var budget = ParseInRange(errors, "budget", parseResult.GetValue(options.Budget), 1, DiagnoseOptions.MaxBudgetSeconds);
        var samples = ParseInRange(errors, "samples", parseResult.GetValue(options.Samples), 1, DiagnosisRequest.MaxSamples);
        var hints = parseResult.GetValue(options.HostHints) ?? [];
        foreach (var hint in hints)
        {
            if (Core.Monitoring.HealthMonitorValidator.ValidateDomainName(hint) is { } hintError)
            {
                errors.Add("host_hint", $"{hintError} (got '{hint}')");
            }
        }

        TargetAddress? target = null;
        var address = parseResult.GetValue(options.Monitor.Address);
        if (address is null)
        {
            errors.Add("address", $"is required: {TargetAddress.Expected}");
        }
        else
        {
            var (resolved, error) = await TargetAddress.ResolveAsync(address, cancellationToken);
            if (error is not null)
            {
                errors.Add("address", $"{error} (got '{address}'; expected {TargetAddress.Expected})");
            }

            target = resolved;
        }

        if (errors.HasErrors || spec is null || target is null)
        {
            foreach (var error in errors.Errors)
            {
                await stderr.WriteLineAsync(error.ToString());
            }

            return ExitCodes.InvalidUsage;
        }

        var request = new DiagnosisRequest
        {
            Address = target.Value.Address,
            Port = target.Value.Port,
            Spec = spec,
            BackendPort = backendPort,
            HostHints = hints,
            GrpcOverTls = parseResult.GetValue(options.Monitor.GrpcTls),
            Budget = TimeSpan.FromSeconds(budget ?? DiagnoseOptions.DefaultBudgetSeconds),
            Samples = samples ?? 3,
        };

        using var prober = new Prober(TimeProvider.System);
        Diagnosis diagnosis;
        try
        {
            diagnosis = await new Diagnoser(prober, TimeProvider.System).DiagnoseAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (parseResult.GetValue(options.Monitor.Output) == "json")
        {
            await stdout.WriteLineAsync(DiagnosisFormatter.ToJson(diagnosis));
        }
        else
        {
            await stdout.WriteAsync(DiagnosisFormatter.ToText(diagnosis));
        }

        return diagnosis.Verdict == FindingVerdict.Ok ? ExitCodes.Success : ExitCodes.CheckFailed;
    }

    private static int? ParseInRange(FieldErrorList errors, string field, string? text, int min, int max)
    {
        var value = MonitorDraftBuilder.ParseInt(errors, field, text, min, max);
        if (value is { } number && (number < min || number > max))
        {
            errors.Add(field, $"must be an integer from {min} to {max} (got '{text}')");
            return null;
        }

        return value;
    }
}
