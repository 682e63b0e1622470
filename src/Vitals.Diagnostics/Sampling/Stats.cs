namespace Vitals.Diagnostics.Sampling;

/// <summary>Small statistics over a handful of samples.</summary>
internal static class Stats
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0-100) of <paramref name="values"/>; null when empty.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double? Mean(IReadOnlyList<double> values) => values.Count == 0 ? null : values.Average();

    public static double Round(double ms) => Math.Round(ms, 1);
}
