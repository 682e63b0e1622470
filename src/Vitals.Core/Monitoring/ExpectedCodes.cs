using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Vitals.Core.Monitoring;

/// <summary>
/// The set of status codes that count as a pass: <c>"200"</c>, <c>"200,202"</c>, <c>"200-204"</c> or any mix
/// (<c>"200-204,301"</c>). HTTP codes lie in 200-599, gRPC codes in 0-99. Whitespace after commas is tolerated
/// on input and removed on output.
/// </summary>
public sealed class ExpectedCodes : IEquatable<ExpectedCodes>
{
    public const int MaxLength = 64;

    private readonly (int Low, int High)[] _ranges;

    private ExpectedCodes((int Low, int High)[] ranges)
    {
        _ranges = ranges;
        Text = Format(ranges);
    }

    /// <summary>The default for HTTP and HTTPS checks: 200.</summary>
    public static ExpectedCodes HttpDefault { get; } = new([(200, 200)]);

    /// <summary>The default for gRPC checks: 0 (OK).</summary>
    public static ExpectedCodes GrpcDefault { get; } = new([(0, 0)]);

    /// <summary>The normalised text, e.g. <c>200-204,301</c>.</summary>
    public string Text { get; }

    public bool Contains(int code)
    {
        foreach (var (low, high) in _ranges)
        {
            if (code >= low && code <= high)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses <paramref name="text"/>; codes must lie in [<paramref name="min"/>, <paramref name="max"/>].
    /// On failure <paramref name="error"/> says what is wrong, in words fit for a field message.
    /// </summary>
    public static bool TryParse(string? text, int min, int max,
        [NotNullWhen(true)] out ExpectedCodes? codes, [NotNullWhen(false)] out string? error)
    {
        codes = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must not be empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"must be at most {MaxLength} characters";
            return false;
        }

        var ranges = new List<(int Low, int High)>();
        foreach (var rawItem in text.Split(','))
        {
            var item = rawItem.Trim();
            var dash = item.IndexOf('-', StringComparison.Ordinal);
            var lowText = dash < 0 ? item : item[..dash];
            var highText = dash < 0 ? item : item[(dash + 1)..];
            if (!TryParseCode(lowText, out var low) || !TryParseCode(highText, out var high))
            {
                error = $"'{text}' is not a list of codes or ranges such as 200, 200,202 or 200-299";
                return false;
            }

            if (low < min || high > max || low > max || high < min)
            {
                error = $"codes must be from {min} to {max} (got '{item}')";
                return false;
            }

            if (low > high)
            {
                error = $"range '{item}' must be ascending";
                return false;
            }

            ranges.Add((low, high));
        }

        ranges.Sort(static (a, b) => a.Low.CompareTo(b.Low));
        codes = new ExpectedCodes([.. ranges]);
        error = null;
        return true;
    }

    private static bool TryParseCode(string text, out int code)
    {
        code = 0;
        return text.Length is >= 1 and <= 3
            && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }

    private static string Format((int Low, int High)[] ranges)
    {
        var sb = new StringBuilder();
        foreach (var (low, high) in ranges)
        {
            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(low);
            if (high != low)
            {
                sb.Append('-').Append(high);
            }
        }

        return sb.ToString();
    }

    public bool Equals(ExpectedCodes? other) => other is not null && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as ExpectedCodes);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;
}
