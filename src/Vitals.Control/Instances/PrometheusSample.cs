namespace Vitals.Control.Instances;

/// <summary>One sample line of the Prometheus text format: metric name, labels in line order, value, optional timestamp.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value,
    long? TimestampMilliseconds = null)
{
    /// <summary>The value of label <paramref name="name"/>, or null when the sample does not carry it.</summary>
    public string? Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
