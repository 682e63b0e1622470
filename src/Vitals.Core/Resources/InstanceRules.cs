using Vitals.Core.Validation;

namespace Vitals.Core.Resources;

/// <summary>Rules of the fields only an instance has: its node_exporter URL and its maintenance windows.</summary>
public static class InstanceRules
{
    public const int MaxUrlLength = 2048;
    public const int MaxWindows = 100;
    public const int MaxDescriptionLength = 255;

    /// <summary>An absolute <c>http</c> or <c>https</c> URL without credentials (they would be stored and shown).</summary>
    public static void NodeExporterUrl(FieldErrorList errors, string? url)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (url is null)
        {
            return;
        }

        if (url.Length is 0 or > MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0)
        {
            errors.Add("node_exporter_url", $"must be an absolute http or https URL of at most {MaxUrlLength} characters, "
                + "without user information (e.g. http://10.0.0.5:9100/metrics)");
        }
    }

    /// <summary>Each window must end after it starts; descriptions are short; the list is bounded.</summary>
    public static void MaintenanceWindows(FieldErrorList errors, IReadOnlyList<MaintenanceWindow>? windows)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (windows is null)
        {
            return;
        }

        if (windows.Count > MaxWindows)
        {
            errors.Add("maintenance_windows", $"must hold at most {MaxWindows} windows (got {windows.Count})");
            return;
        }

        for (var i = 0; i < windows.Count; i++)
        {
            var window = windows[i];
            if (window.End <= window.Start)
            {
                errors.Add($"maintenance_windows[{i}].end", "must be later than start");
            }

            if (window.Description is { Length: > MaxDescriptionLength })
            {
                errors.Add($"maintenance_windows[{i}].description", $"must be at most {MaxDescriptionLength} characters");
            }
        }
    }
}
