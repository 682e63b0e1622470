using System.Globalization;
using Vitals.Core.Validation;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// Query parameters of Huawei lists: repeated keys are several values of one filter (<c>id=a&amp;id=b</c>, OR), different
/// keys combine (AND). Malformed values are collected as errors (400 ELB.8902), never silently dropped.
/// </summary>
internal sealed class HuaweiQuery(IQueryCollection query)
{
    private readonly FieldErrorList _errors = new();

    public IReadOnlyList<FieldError> Errors => _errors.Errors;

    public bool HasErrors => _errors.HasErrors;

    public void AddError(string name, string message) => _errors.Add(name, message);

    /// <summary>The raw text of a parameter, for error messages.</summary>
    public string Raw(string name) => query[name].ToString();

    /// <summary>The text a parameter was sent with (several values joined by <c>,</c>); null when it was not sent.</summary>
    public string? ValueOf(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    /// <summary>Every value of a string filter; null when the parameter is absent.</summary>
    public IReadOnlyList<string>? Strings(string name, Func<string, string?>? validate = null)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return null;
        }

        var list = new List<string>(values.Count);
        foreach (var value in values)
        {
            var text = value ?? "";
            if (validate?.Invoke(text) is { } error)
            {
                _errors.Add(name, $"'{text}' {error}");
                continue;
            }

            list.Add(text);
        }

        return list;
    }

    /// <summary>Every value of an integer filter; null when absent.</summary>
    public IReadOnlyList<int>? Integers(string name)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return null;
        }

        var list = new List<int>(values.Count);
        foreach (var value in values)
        {
            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                list.Add(number);
            }
            else
            {
                _errors.Add(name, $"'{value}' is not an integer");
            }
        }

        return list;
    }

    /// <summary>A single-valued integer parameter.</summary>
    public int? Integer(string name) => Single(name) is { } text ? ParseInteger(name, text) : null;

    /// <summary>A single-valued boolean parameter: <c>true</c> or <c>false</c>, any case.</summary>
    public bool? Boolean(string name)
    {
        if (Single(name) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        _errors.Add(name, $"'{text}' is not true or false");
        return null;
    }

    /// <summary>The one value of a parameter that is not multi-valued (sending it twice is an error).</summary>
    public string? Single(string name)
    {
        var values = query[name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            _errors.Add(name, "takes one value");
            return null;
        }

        return values[0] ?? "";
    }

    private int? ParseInteger(string name, string text)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        _errors.Add(name, $"'{text}' is not an integer");
        return null;
    }

    /// <summary>The value of a filter sent once (the store filters one value); null when absent or sent several times.</summary>
    public static string? OnlyValue(IReadOnlyList<string>? values) => values is [var one] ? one : null;

    /// <summary>True when the filter is absent or one of its values equals <paramref name="actual"/>.</summary>
    public static bool Matches<T>(IReadOnlyList<T>? wanted, T actual)
    {
        if (wanted is null)
        {
            return true;
        }

        foreach (var value in wanted)
        {
            if (EqualityComparer<T>.Default.Equals(value, actual))
            {
                return true;
            }
        }

        return false;
    }
}
