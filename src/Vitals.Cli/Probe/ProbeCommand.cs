using System.CommandLine;
using Vitals.Cli.Logging;
using Vitals.Core.Validation;

namespace Vitals.Cli.Probe;

/// <summary>
/// <c>vitals probe</c>: one check of one target now, or (with <c>--targets-file</c>) checks of many targets on
/// schedule with rise/fall, transitions as they happen and a summary at the end.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var options = new ProbeOptions();
        var command = new Command("probe", "Check a target once, or many targets on schedule (--targets-file).");
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, options, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, ProbeOptions options, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        var json = parseResult.GetValue(options.Output) == "json";
        var errors = new FieldErrorList();
        MonitorDraftBuilder.TryBuild(parseResult, options, out var spec, errors);
        var grpcTls = parseResult.GetValue(options.GrpcTls);

        var targetsFile = parseResult.GetValue(options.TargetsFile);
        var address = parseResult.GetValue(options.Address);
        if (targetsFile is null)
        {
            if (address is null)
            {
                errors.Add("address", $"is required: {TargetAddress.Expected} (or --targets-file FILE)");
            }

            foreach (var name in (ReadOnlySpan<string>)["--duration", "--max-in-flight"])
            {
                if (parseResult.GetResult(name) is not null)
                {
                    errors.Add(name[2..].Replace('-', '_'), "applies only with --targets-file");
                }
            }

            TargetAddress? target = null;
            if (address is not null)
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
                await WriteErrorsAsync(stderr, errors);
                return ExitCodes.InvalidUsage;
            }

            return await OneShotProbe.RunAsync(spec, target.Value, grpcTls, json, stdout, cancellationToken);
        }

        if (address is not null)
        {
            errors.Add("address", "give either ADDRESS:PORT or --targets-file, not both");
        }

        var schedule = ScheduleSettings.Parse(parseResult, options, errors);
        if (!LogFormatOption.TryRead(parseResult.GetValue(options.LogFormat), Environment.GetEnvironmentVariable, out var logFormat, out var logFormatError))
        {
            errors.Add("log_format", logFormatError);
        }

        var targets = TargetsFile.Read(targetsFile, errors);
        if (errors.HasErrors || spec is null || targets is null || schedule is null)
        {
            await WriteErrorsAsync(stderr, errors);
            return ExitCodes.InvalidUsage;
        }

        return await ScheduledProbe.RunAsync(spec, targets, grpcTls, schedule, json, logFormat, stdout, stderr, cancellationToken);
    }

    private static async Task WriteErrorsAsync(TextWriter stderr, FieldErrorList errors)
    {
        foreach (var error in errors.Errors)
        {
            await stderr.WriteLineAsync(error.ToString());
        }
    }
}
