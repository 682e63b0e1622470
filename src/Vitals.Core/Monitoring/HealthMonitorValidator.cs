using System.Diagnostics.CodeAnalysis;
using Vitals.Core.Validation;

namespace Vitals.Core.Monitoring;

/// <summary>
/// The rules of a health monitor (Huawei ELB v3 ranges and defaults), in one place. Every rule runs, so a
/// caller learns all that is wrong at once; REST, the dialects, the CLI and fleet files share these messages.
/// </summary>
public static class HealthMonitorValidator
{
    public const int MinDelay = 1, MaxDelay = 50;
    public const int MinTimeout = 1, MaxTimeout = 50;
    public const int MinRetries = 1, MaxRetries = 10;
    public const int DefaultMaxRetriesDown = 3;
    public const int MaxUrlPathLength = 80;
    public const int MaxDomainNameLength = 100;

    /// <summary>Characters allowed in <c>url_path</c> besides letters and digits.</summary>
    public const string UrlPathSymbols = "-/.%?#&_;~!()*[]@$^:',+";

    public static bool TryCreate(HealthMonitorDraft draft,
        [NotNullWhen(true)] out HealthMonitorSpec? spec, out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var list = new FieldErrorList();

        HealthMonitorType? type = null;
        if (draft.Type is null)
        {
            list.Add("type", $"is required: one of {HealthMonitorTypes.AllowedList}");
        }
        else if (!HealthMonitorTypes.TryParse(draft.Type, out type))
        {
            list.Add("type", $"must be one of {HealthMonitorTypes.AllowedList} (got '{draft.Type}')");
        }

        RequirePresent(list, "delay", draft.Delay, MinDelay, MaxDelay);
        RequirePresent(list, "timeout", draft.Timeout, MinTimeout, MaxTimeout);
        RequirePresent(list, "max_retries", draft.MaxRetries, MinRetries, MaxRetries);
        list.RequireRange("max_retries_down", draft.MaxRetriesDown, MinRetries, MaxRetries);
        list.RequireRange("monitor_port", draft.MonitorPort, 1, 65535);

        HttpCheckMethod? method = HttpCheckMethod.Get;
        if (draft.HttpMethod is not null && !HttpCheckMethods.TryParse(draft.HttpMethod, out method))
        {
            list.Add("http_method", $"must be GET, HEAD or POST (got '{draft.HttpMethod}')");
        }

        var urlPath = draft.UrlPath ?? "/";
        if (ValidateUrlPath(urlPath) is { } urlError)
        {
            list.Add("url_path", urlError);
        }

        if (draft.DomainName is not null && ValidateDomainName(draft.DomainName) is { } domainError)
        {
            list.Add("domain_name", domainError);
        }

        var codes = type == HealthMonitorType.Grpc ? ExpectedCodes.GrpcDefault : ExpectedCodes.HttpDefault;
        if (draft.ExpectedCodes is not null && type is not null)
        {
            var (min, max) = type == HealthMonitorType.Grpc ? (0, 99) : (200, 599);
            if (!ExpectedCodes.TryParse(draft.ExpectedCodes, min, max, out var parsed, out var codesError))
            {
                list.Add("expected_codes", codesError);
            }
            else
            {
                codes = parsed;
            }
        }

        errors = list.Errors;
        if (list.HasErrors || type is null || method is null)
        {
            spec = null;
            return false;
        }

        spec = new HealthMonitorSpec
        {
            Type = type.Value,
            Delay = draft.Delay!.Value,
            Timeout = draft.Timeout!.Value,
            MaxRetries = draft.MaxRetries!.Value,
            MaxRetriesDown = draft.MaxRetriesDown ?? DefaultMaxRetriesDown,
            ExpectedCodes = codes,
            UrlPath = urlPath,
            HttpMethod = method.Value,
            DomainName = draft.DomainName,
            MonitorPort = draft.MonitorPort,
            AdminStateUp = draft.AdminStateUp ?? true,
        };
        return true;
    }

    /// <summary>Null when <paramref name="path"/> is a valid <c>url_path</c>, else the reason.</summary>
    public static string? ValidateUrlPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length is 0 or > MaxUrlPathLength)
        {
            return $"must be 1 to {MaxUrlPathLength} characters";
        }

        if (path[0] != '/')
        {
            return "must start with '/'";
        }

        foreach (var c in path)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !UrlPathSymbols.Contains(c, StringComparison.Ordinal))
            {
                return $"may contain only letters, digits and {UrlPathSymbols} (found '{c}')";
            }
        }

        return null;
    }

    /// <summary>Null when <paramref name="name"/> is a valid <c>domain_name</c>, else the reason.</summary>
    public static string? ValidateDomainName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxDomainNameLength)
        {
            return $"must be 1 to {MaxDomainNameLength} characters";
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return "must start with a letter or a digit";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.')
            {
                return $"may contain only letters, digits, '-' and '.' (found '{c}')";
            }
        }

        return null;
    }

    private static void RequirePresent(FieldErrorList list, string field, int? value, int min, int max)
    {
        if (value is null)
        {
            list.Add(field, $"is required: an integer from {min} to {max}");
        }
        else
        {
            list.RequireRange(field, value, min, max);
        }
    }
}
