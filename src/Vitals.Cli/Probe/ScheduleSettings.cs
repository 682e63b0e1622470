using System.CommandLine;
using Vitals.Core.Validation;

namespace Vitals.Cli.Probe;

/// <summary>How long the scheduled mode runs and how many checks it runs at once.</summary>
internal sealed record ScheduleSettings(TimeSpan? Duration, int? MaxInFlight)
{
    /// <summary>About 23 days: the longest a cancellation timer can wait.</summary>
    public const int MaxDurationSeconds = 2_000_000;

    public const int MaxMaxInFlight = 1_000_000;

    public static ScheduleSettings? Parse(ParseResult parseResult, ProbeOptions options, FieldErrorList errors)
    {
        var before = errors.Errors.Count;
        var duration = MonitorDraftBuilder.ParseInt(errors, "duration", parseResult.GetValue(options.Duration), 1,
            MaxDurationSeconds);
        errors.RequireRange("duration", duration, 1, MaxDurationSeconds);
        var maxInFlight = MonitorDraftBuilder.ParseInt(errors, "max_in_flight", parseResult.GetValue(options.MaxInFlight), 1,
            MaxMaxInFlight);
        errors.RequireRange("max_in_flight", maxInFlight, 1, MaxMaxInFlight);
        return errors.Errors.Count > before
            ? null
            : new ScheduleSettings(duration is { } seconds ? TimeSpan.FromSeconds(seconds) : null, maxInFlight);
    }
}
