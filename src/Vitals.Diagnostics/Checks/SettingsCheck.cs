using System.Text.Json.Nodes;
using Vitals.Core.Monitoring;

namespace Vitals.Diagnostics.Checks;

/// <summary>
/// D1 and D12: the spec itself, no probing. Checking switched off (CHECK_DISABLED); timeout not below the interval
/// and rise/fall at the extremes of their range (SETTINGS_OUT_OF_RANGE).
/// </summary>
internal sealed class SettingsCheck : IDiagnosticCheck
{
    private const string KeepDefaults =
        "Unless there is a reason to change them, keep the default health-check settings (interval 5 s, timeout 3 s, rise 3, fall 3).";

    public Task RunAsync(DiagnosisContext context)
    {
        var spec = context.Spec;
        if (!spec.AdminStateUp)
        {
            context.Add(new Finding
            {
                Cause = Causes.CheckDisabled,
                Verdict = FindingVerdict.Problem,
                Check = "health monitor admin_state_up",
                Evidence = new JsonObject { ["admin_state_up"] = false },
                Advice = "Health checking is switched off, so the server's state is not being evaluated. Turn checks on "
                    + "(admin_state_up true) if the server should be checked and receive traffic.",
            });
        }

        var issues = new JsonArray();
        var advice = new List<string>();
        if (spec.Timeout >= spec.Delay)
        {
            issues.Add((JsonNode)$"timeout {spec.Timeout} s is not below the interval {spec.Delay} s");
            advice.Add($"The check timeout ({spec.Timeout} s) should be shorter than the interval ({spec.Delay} s); otherwise probes overlap.");
        }

        AddThreshold(issues, advice, "rise (max_retries)", spec.MaxRetries, spec.Delay);
        AddThreshold(issues, advice, "fall (max_retries_down)", spec.MaxRetriesDown, spec.Delay);
        if (issues.Count > 0)
        {
            advice.Add(KeepDefaults);
            context.Add(new Finding
            {
                Cause = Causes.SettingsOutOfRange,
                Verdict = FindingVerdict.Problem,
                Check = "health-check settings against the recommended ranges",
                Evidence = new JsonObject
                {
                    ["delay"] = spec.Delay,
                    ["timeout"] = spec.Timeout,
                    ["rise"] = spec.MaxRetries,
                    ["fall"] = spec.MaxRetriesDown,
                    ["issues"] = issues,
                },
                Advice = string.Join(' ', advice),
            });
        }

        return Task.CompletedTask;
    }

    private static void AddThreshold(JsonArray issues, List<string> advice, string name, int value, int delay)
    {
        if (value == HealthMonitorValidator.MinRetries)
        {
            issues.Add((JsonNode)$"{name} is {value}");
            advice.Add($"With {name} {value} a single probe flips the state; use 3 to avoid flapping.");
        }
        else if (value == HealthMonitorValidator.MaxRetries)
        {
            issues.Add((JsonNode)$"{name} is {value}");
            advice.Add($"With {name} {value} a change takes {value * delay} s to show; use 3 to react in time.");
        }
    }
}
