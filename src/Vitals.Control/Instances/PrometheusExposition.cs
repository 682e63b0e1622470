namespace Vitals.Control.Instances;

/// <summary>What <see cref="PrometheusTextParser"/> read: samples in order, the TYPE and HELP of each family, and the lines it could not read.</summary>
internal sealed record PrometheusExposition(
    IReadOnlyList<PrometheusSample> Samples,
    IReadOnlyDictionary<string, string> Types,
    IReadOnlyDictionary<string, string> Help,
    IReadOnlyList<string> Errors)
{
    /// <summary>The samples of metric <paramref name="name"/>.</summary>
    public IEnumerable<PrometheusSample> Named(string name)
    {
        foreach (var sample in Samples)
        {
            if (string.Equals(sample.Name, name, StringComparison.Ordinal))
            {
                yield return sample;
            }
        }
    }
}
