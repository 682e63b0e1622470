using Vitals.Core.Resources;

namespace Vitals.Control.Instances;

/// <summary>
/// What the instance health service keeps per instance: the latest stored record and its node_exporter scrape state.
/// Fields are replaced whole under the host's own lock; readers take a <see cref="ScrapeState"/> copy.
/// </summary>
internal sealed class InstanceHost(Instance instance)
{
    public Lock Gate { get; } = new();

    public Instance Instance { get; set; } = instance;

    /// <summary>When the next scrape is due; null until scheduled.</summary>
    public DateTimeOffset? NextScrapeAt { get; set; }

    public bool ScrapeInFlight { get; set; }

    public ScrapeState Scrape { get; set; } = ScrapeState.None;
}
