using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Vitals.Core.Instances;

namespace Vitals.Control.Instances;

/// <summary>How instance health is gathered: node_exporter scraping and the rule thresholds.</summary>
internal sealed class InstanceHealthOptions
{
    /// <summary>How often each instance's node_exporter is scraped; each instance keeps its own schedule.</summary>
    /// <value>15 seconds (Prometheus' default scrape interval).</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Whole-scrape deadline.</summary>
    /// <value>5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Scrapes in flight at once, across all instances.</summary>
    /// <value>16.</value>
    [Range(1, 1024)]
    public int MaxConcurrentScrapes { get; set; } = 16;

    /// <summary>Consecutive scrapes that could not reach the exporter before the instance counts as unreachable.</summary>
    /// <value>2 (one lost scrape is noise).</value>
    [Range(1, 100)]
    public int UnreachableAfterFailures { get; set; } = 2;

    /// <summary>How often the scheduler looks for scrapes that are due.</summary>
    /// <value>250 ms.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The rule table's thresholds (load, memory, disk, staleness).</summary>
    [Required]
    public InstanceHealthThresholds Thresholds { get; set; } = InstanceHealthThresholds.Default;

    /// <summary>Throws one exception listing every value out of range; the service calls it once, at construction.</summary>
    public static void Validate(InstanceHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new InstanceHealthOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(InstanceHealthOptions), result.Failures);
        }
    }
}
