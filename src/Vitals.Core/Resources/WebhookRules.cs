using Vitals.Core.Health;
using Vitals.Core.Notifications;
using Vitals.Core.Validation;

namespace Vitals.Core.Resources;

/// <summary>
/// Rules of the fields only a webhook (and an Alertmanager, for its URL) has. Whether the URL's host may be reached is
/// the target policy's to say, at write for an address literal and at every connect for a name.
/// </summary>
public static class WebhookRules
{
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    /// <summary>The state names a webhook filters on: those of the live-status API (<c>Initial</c>, <c>Healthy</c>, …).</summary>
    public static IReadOnlyList<string> StateNames { get; } = Enum.GetNames<HealthState>();

    /// <summary>
    /// An absolute <c>http</c> or <c>https</c> URL of at most <see cref="MaxUrlLength"/> characters, without user
    /// information (it would be stored and shown); <paramref name="plainBase"/> also refuses a query and a fragment (an
    /// Alertmanager's base URL, under which <c>/api/v2/alerts</c> is appended). Returns it parsed, or null.
    /// </summary>
    public static Uri? Url(FieldErrorList errors, string? url, bool required, bool plainBase = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (url is null)
        {
            if (required)
            {
                errors.Add("url", "is required: an absolute http or https URL");
            }

            return null;
        }

        if (url.Length is 0 or > MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0
            || uri.Host.Length == 0)
        {
            errors.Add("url", $"must be an absolute http or https URL of at most {MaxUrlLength} characters, without user information "
                + $"(got '{Cut(url)}')");
            return null;
        }

        if (plainBase && (uri.Query.Length > 0 || uri.Fragment.Length > 0))
        {
            errors.Add("url", $"must have no query or fragment: Alertmanager's base URL, /api/v2/alerts is added to it (got '{Cut(url)}')");
            return null;
        }

        return uri;
    }

    /// <summary>The kinds by wire name (<see cref="NotificationKinds"/>), each at most once; empty means every kind.</summary>
    public static NotificationKind[]? Events(FieldErrorList errors, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (names is null)
        {
            return null;
        }

        var kinds = new List<NotificationKind>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            if (!NotificationKinds.TryParse(names[i], out var kind))
            {
                errors.Add($"events[{i}]", $"must be one of {string.Join(", ", NotificationKinds.All.Select(static k => k.ToWire()))} "
                    + $"(got '{Cut(names[i] ?? "null")}')");
            }
            else if (kinds.Contains(kind.Value))
            {
                errors.Add($"events[{i}]", $"is given twice ('{names[i]}')");
            }
            else
            {
                kinds.Add(kind.Value);
            }
        }

        return [.. kinds];
    }

    /// <summary>The member states by name (exactly as the API writes them), each at most once; empty means every state.</summary>
    public static HealthState[]? States(FieldErrorList errors, IReadOnlyList<string>? names)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (names is null)
        {
            return null;
        }

        var states = new List<HealthState>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var index = names[i] is { } name ? IndexOf(name) : -1;
            if (index < 0)
            {
                errors.Add($"states[{i}]", $"must be one of {string.Join(", ", StateNames)} (got '{Cut(names[i] ?? "null")}')");
            }
            else if (states.Contains((HealthState)index))
            {
                errors.Add($"states[{i}]", $"is given twice ('{names[i]}')");
            }
            else
            {
                states.Add((HealthState)index);
            }
        }

        return [.. states];
    }

    /// <summary>
    /// A signing secret the caller chose: <see cref="MinSecretLength"/> to <see cref="MaxSecretLength"/> printable ASCII
    /// characters without spaces. <c>vs1:</c> is refused at the start: it marks a value sealed at rest.
    /// </summary>
    public static void Secret(FieldErrorList errors, string? secret, string field = "secret")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (secret is null)
        {
            return;
        }

        if (secret.Length is < MinSecretLength or > MaxSecretLength || !IsPrintable(secret))
        {
            errors.Add(field, $"must be {MinSecretLength} to {MaxSecretLength} printable ASCII characters without spaces "
                + $"(got {secret.Length} characters{(IsPrintable(secret) ? "" : ", some not printable")})");
        }
        else if (secret.StartsWith("vs1:", StringComparison.Ordinal))
        {
            errors.Add(field, "must not start with 'vs1:' (that prefix marks secrets encrypted at rest)");
        }
    }

    /// <summary>How a secret is shown after its creation: its prefix and its last four characters (<c>whsec_…a1B2</c>).</summary>
    public static string Hint(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinSecretLength)
        {
            return "…";
        }

        var prefix = secret.StartsWith(WebhookSecrets.Prefix, StringComparison.Ordinal) ? WebhookSecrets.Prefix : "";
        return prefix + "…" + secret[^4..];
    }

    private static int IndexOf(string name)
    {
        for (var i = 0; i < StateNames.Count; i++)
        {
            if (string.Equals(StateNames[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsPrintable(string text)
    {
        foreach (var c in text)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static string Cut(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
