using System.Globalization;
using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>
/// Reads and checks business parameters before anything is looked up: a value that fails here never reaches the
/// engine or the store.
/// </summary>
internal static class AlibabaParameters
{
    /// <summary>Longest id or region accepted; real ones are far shorter.</summary>
    public const int MaxIdLength = 128;

    /// <summary>
    /// An integer parameter in <paramref name="min"/>..<paramref name="max"/>; <paramref name="fallback"/> when absent
    /// or empty (the SDKs send an unset number as nothing at all).
    /// </summary>
    public static AlibabaError? Int(AlibabaCall call, string name, int min, int max, int fallback, out int value)
    {
        value = fallback;
        var text = call.Parameter(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            value = fallback;
            return AlibabaError.Invalid(name, $"must be an integer from {min} to {max} (got \"{Shorten(text)}\").");
        }

        return null;
    }

    /// <summary>A required id-like value (ids, regions): 1-128 characters of letters, digits and <c>-_.@:</c>.</summary>
    public static AlibabaError? RequiredId(AlibabaCall call, string name, out string value)
    {
        value = call.Parameter(name) ?? "";
        if (value.Length == 0)
        {
            return AlibabaError.Missing(name);
        }

        return IsId(value) ? null : AlibabaError.Invalid(name, $"\"{Shorten(value)}\" is not a valid identifier.");
    }

    /// <summary>An optional id-like value; null when absent or empty.</summary>
    public static AlibabaError? OptionalId(AlibabaCall call, string name, out string? value)
    {
        value = call.Parameter(name);
        if (string.IsNullOrEmpty(value))
        {
            value = null;
            return null;
        }

        return IsId(value) ? null : AlibabaError.Invalid(name, $"\"{Shorten(value)}\" is not a valid identifier.");
    }

    /// <summary>An optional UTC instant in the documented <c>yyyy-MM-ddTHH:mm:ssZ</c> form.</summary>
    public static AlibabaError? OptionalInstant(AlibabaCall call, string name, out DateTimeOffset? value)
    {
        value = null;
        var text = call.Parameter(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!AlibabaTimestamp.TryParse(text, out var instant))
        {
            return AlibabaError.Invalid(name, $"\"{Shorten(text)}\" is not a UTC time of the form yyyy-MM-ddTHH:mm:ssZ.");
        }

        value = instant;
        return null;
    }

    /// <summary>
    /// A repeat list <c>Name.1</c>, <c>Name.2</c>, … as the SDKs flatten arrays: values in index order. Indexes must be
    /// 1..<paramref name="max"/>; more values than that is <paramref name="limitCode"/>.
    /// </summary>
    public static AlibabaError? RepeatList(AlibabaCall call, string name, int max, string limitCode, out List<string> values)
    {
        values = [];
        var prefix = name + ".";
        var indexed = new SortedDictionary<int, string>();
        foreach (var (key, value) in call.Request.Parameters)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var suffix = key[prefix.Length..];
            if (!int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
            {
                return AlibabaError.Invalid(key, $"{name}.N needs N to be a positive integer.");
            }

            if (index > max || indexed.Count >= max)
            {
                return new AlibabaError(limitCode, $"The amount of {name} specified exceeds limit {max}.");
            }

            if (value.Length > 0)
            {
                indexed[index] = value;
            }
        }

        values.AddRange(indexed.Values);
        return null;
    }

    public static bool IsId(string value)
    {
        if (value.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@' or ':'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Echoed input is cut short, so a huge parameter cannot blow up the error body.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
