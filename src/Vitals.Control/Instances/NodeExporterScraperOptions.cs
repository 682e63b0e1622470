namespace Vitals.Control.Instances;

internal sealed class NodeExporterScraperOptions
{
    /// <summary>Whole-scrape deadline: connect, headers and body.</summary>
    /// <value>5 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest body read; a default node_exporter answers 50–300 KB.</summary>
    /// <value>4 MiB.</value>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;
}
