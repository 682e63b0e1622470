using Microsoft.Extensions.Options;

namespace Vitals.Engine;

/// <summary>
/// The rules of <see cref="EngineOptions"/> that tie one figure to another; the ranges are <see cref="EngineOptionsValidator"/>'s,
/// except the flap policy's, checked here (see <see cref="FlapPolicyValidator"/>).
/// </summary>
public sealed class EngineOptionsCrossFieldValidator : IValidateOptions<EngineOptions>
{
    private static readonly FlapPolicyValidator s_flap = new();

    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();

        // A check skipped sooner than one tick after it was due could be skipped merely for waiting for the next wake-up.
        if (options.SkipAfter is { } skip && skip < options.Tick)
        {
            builder.AddError($"must be at least one Tick ({options.Tick.TotalMilliseconds} ms), got {skip.TotalMilliseconds} ms",
                nameof(EngineOptions.SkipAfter));
        }

        if (options.Tracker is { Flap: null })
        {
            builder.AddError("must be set", "Tracker.Flap");
        }

        // The flap mark must be able to clear: settling means fewer changes than flapping needs.
        if (options.Tracker?.Flap is { } flap)
        {
            builder.AddResult(s_flap.Validate("EngineOptions.Tracker.Flap", flap));
        }

        if (options.Tracker?.Flap is { } policy && policy.SettleChanges >= policy.Changes)
        {
            builder.AddError($"must be below Changes ({policy.Changes}), got {policy.SettleChanges}", "Tracker.Flap.SettleChanges");
        }

        return builder.Build();
    }
}
