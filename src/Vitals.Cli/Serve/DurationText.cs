using System.Globalization;

namespace Vitals.Cli.Serve;

/// <summary>Durations on the command line: a number and a unit, <c>250ms</c>, <c>4ms</c>, <c>1.5s</c>, <c>10m</c>, <c>1h</c>.</summary>
internal static class DurationText
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("ms", TimeSpan.FromMilliseconds(1)), ("s", TimeSpan.FromSeconds(1)), ("m", TimeSpan.FromMinutes(1)), ("h", TimeSpan.FromHours(1)),
    ];

    public const string Syntax = "a number and ms, s, m or h (e.g. 250ms, 10s)";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        var trimmed = text.Trim();
        // "ms" before "m" and "s": the longest unit that ends the text.
        foreach (var (unit, size) in Units.OrderByDescending(static u => u.Unit.Length))
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(trimmed[..^unit.Length], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture, out var count)
                && double.IsFinite(count) && Math.Abs(count * size.Ticks) < TimeSpan.MaxValue.Ticks)
            {
                duration = TimeSpan.FromTicks((long)Math.Round(count * size.Ticks));
                return true;
            }
        }

        return false;
    }

    /// <summary>The shortest exact form: <c>1ms</c>, <c>250ms</c>, <c>1s</c>, <c>10m</c>, <c>24h</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        for (var i = Units.Length - 1; i >= 0; i--)
        {
            if (duration.Ticks % Units[i].Size.Ticks == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / Units[i].Size.Ticks}{Units[i].Unit}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds}ms");
    }
}
