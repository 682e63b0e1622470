namespace Vitals.Control.Instances;

internal enum NodeExporterScrapeFailure
{
    None,

    /// <summary>The scrape did not finish within the timeout.</summary>
    Timeout,

    /// <summary>Connecting or talking HTTP failed (refused, reset, DNS, TLS).</summary>
    ConnectFailed,

    /// <summary>The exporter answered with a non-2xx status.</summary>
    HttpStatus,

    /// <summary>The body was larger than the cap.</summary>
    TooLarge,

    /// <summary>The body held no sample the parser could read.</summary>
    Unparsable,

    /// <summary>The target policy denies every address the URL's host resolved to: nothing was sent.</summary>
    Denied,
}
