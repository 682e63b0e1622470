using Vitals.Core.Instances;

namespace Vitals.Control.Instances;

/// <summary>How instance health is gathered: node_exporter scraping and the rule thresholds.</summary>
internal sealed class InstanceHealthOptions
{
    /// <summary>How often each instance's node_exporter is scraped; each instance keeps its own schedule.</summary>
    /// <value>15 seconds (Prometheus' default scrape interval).</value>
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whole-scrape deadline.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Scrapes in flight at once, across all instances.</summary>
    /// <value>16.</value>
    public int MaxConcurrentScrapes { get; set; } = 16;

    /// <summary>Consecutive scrapes that could not reach the exporter before the instance counts as unreachable.</summary>
    /// <value>2 (one lost scrape is noise).</value>
    public int UnreachableAfterFailures { get; set; } = 2;

    /// <summary>How often the scheduler looks for scrapes that are due.</summary>
    /// <value>250 ms.</value>
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(250);

    public InstanceHealthThresholds Thresholds { get; set; } = InstanceHealthThresholds.Default;
}
