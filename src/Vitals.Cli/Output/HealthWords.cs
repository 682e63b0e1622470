using System.Globalization;
using Vitals.Core.Probing;

namespace Vitals.Cli.Output;

/// <summary>Health facts in words for the tables: a reason code with its meaning, an instant with its age.</summary>
internal static class HealthWords
{
    public static string Reason(string? reasonCode, string state)
    {
        if (reasonCode is null)
        {
            return state switch
            {
                "Unused" => "weight 0: takes no traffic",
                "Unavailable" => "not checked (no monitor, or checks switched off)",
                "Initial" => "waiting for the first verdict",
                _ => "",
            };
        }

        return ReasonCodes.TryParse(reasonCode, out var code) ? $"{reasonCode}: {code.Value.Describe()}" : reasonCode;
    }

    public static string Since(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        var text = age < TimeSpan.Zero ? "just now"
            : age.TotalSeconds < 90 ? $"{(int)age.TotalSeconds}s ago"
            : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
        return at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + " (" + text + ")";
    }
}
