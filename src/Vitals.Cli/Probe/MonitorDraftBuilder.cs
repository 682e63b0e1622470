using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Vitals.Core.Monitoring;
using Vitals.Core.Validation;

namespace Vitals.Cli.Probe;

/// <summary>
/// Turns the monitor options of <c>vitals probe</c> into a <see cref="HealthMonitorSpec"/> through the shared
/// <see cref="HealthMonitorValidator"/>, so the CLI speaks the same field messages as the APIs.
/// </summary>
internal static class MonitorDraftBuilder
{
    /// <summary>A check every 5 s is what people expect from a one-off probe; the API has no default.</summary>
    public const int DefaultDelay = 5;

    /// <summary>Short, because a person is waiting on a one-shot check.</summary>
    public const int DefaultTimeout = 3;

    public const int DefaultMaxRetries = 3;

    /// <summary>
    /// Builds and validates the spec. Numbers that do not parse are reported like out-of-range ones
    /// (<c>timeout: must be an integer from 1 to 50 (got 'abc')</c>) and every problem lands in
    /// <paramref name="errors"/>, never only the first.
    /// </summary>
    public static bool TryBuild(ParseResult parseResult, ProbeOptions options,
        [NotNullWhen(true)] out HealthMonitorSpec? spec, FieldErrorList errors)
    {
        var parseErrors = new FieldErrorList();
        var draft = new HealthMonitorDraft
        {
            Type = parseResult.GetValue(options.Type),
            Delay = ParseInt(parseErrors, "delay", parseResult.GetValue(options.Delay),
                HealthMonitorValidator.MinDelay, HealthMonitorValidator.MaxDelay) ?? DefaultDelay,
            Timeout = ParseInt(parseErrors, "timeout", parseResult.GetValue(options.Timeout),
                HealthMonitorValidator.MinTimeout, HealthMonitorValidator.MaxTimeout) ?? DefaultTimeout,
            MaxRetries = ParseInt(parseErrors, "max_retries", parseResult.GetValue(options.MaxRetries),
                HealthMonitorValidator.MinRetries, HealthMonitorValidator.MaxRetries) ?? DefaultMaxRetries,
            MaxRetriesDown = ParseInt(parseErrors, "max_retries_down", parseResult.GetValue(options.MaxRetriesDown),
                HealthMonitorValidator.MinRetries, HealthMonitorValidator.MaxRetries),
            ExpectedCodes = parseResult.GetValue(options.ExpectedCodes),
            UrlPath = parseResult.GetValue(options.UrlPath),
            HttpMethod = parseResult.GetValue(options.HttpMethod),
            DomainName = parseResult.GetValue(options.DomainName),
            MonitorPort = ParseInt(parseErrors, "monitor_port", parseResult.GetValue(options.MonitorPort), 1, 65535),
            AdminStateUp = ParseAdminState(parseErrors, parseResult, options.AdminStateUp),
        };

        foreach (var error in parseErrors.Errors)
        {
            errors.Add(error.Field, error.Message);
        }

        if (!HealthMonitorValidator.TryCreate(draft, out spec, out var validationErrors) || parseErrors.HasErrors)
        {
            foreach (var error in validationErrors)
            {
                errors.Add(error.Field, error.Message);
            }

            spec = null;
            return false;
        }

        return true;
    }

    /// <summary>Parses an integer option; null when absent or unparsable (then an error is recorded).</summary>
    public static int? ParseInt(FieldErrorList errors, string field, string? text, int min, int max)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add(field, $"must be an integer from {min} to {max} (got '{text}')");
        return null;
    }

    private static bool? ParseAdminState(FieldErrorList errors, ParseResult parseResult, Option<string?> option)
    {
        var result = parseResult.GetResult(option);
        if (result is null)
        {
            return null;
        }

        // A bare --admin-state-up means true, like any flag.
        var text = parseResult.GetValue(option);
        if (text is null)
        {
            return true;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        errors.Add("admin_state_up", $"must be true or false (got '{text}')");
        return null;
    }
}
