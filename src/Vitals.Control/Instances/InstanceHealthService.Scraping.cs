namespace Vitals.Control.Instances;

internal sealed partial class InstanceHealthService
{
    /// <summary>Each tick starts the scrapes that are due, at most <see cref="InstanceHealthOptions.MaxConcurrentScrapes"/> at once.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Tick, _time);
        var due = new List<(InstanceHost Host, Uri Url)>();
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var now = _time.GetUtcNow();
            due.Clear();
            foreach (var host in _hosts.Values)
            {
                if (TakeIfDue(host, now) is { } url)
                {
                    due.Add((host, url));
                }
            }

            foreach (var (host, url) in due)
            {
                await _slots.WaitAsync(cancellationToken);
                _ = ScrapeAsync(host, url, cancellationToken);
            }
        }
    }

    /// <summary>The URL to scrape when the host is due (marking it in flight and scheduling the next one), else null.</summary>
    private Uri? TakeIfDue(InstanceHost host, DateTimeOffset now)
    {
        lock (host.Gate)
        {
            if (host.ScrapeInFlight || host.Instance.NodeExporterUrl is not { } text
                || !Uri.TryCreate(text, UriKind.Absolute, out var url))
            {
                return null;
            }

            if (host.NextScrapeAt is not { } next)
            {
                // First scrape: spread over one interval so many instances added at once do not all fire together.
                var offset = (uint)StringComparer.Ordinal.GetHashCode(host.Instance.Id) % (ulong)Math.Max(1, _options.ScrapeInterval.Ticks);
                host.NextScrapeAt = now + TimeSpan.FromTicks((long)offset);
                return null;
            }

            if (next > now)
            {
                return null;
            }

            // The schedule keeps its own rhythm; a scrape that overran is followed by the next one at once, not twice.
            var following = next + _options.ScrapeInterval;
            host.NextScrapeAt = following > now ? following : now + _options.ScrapeInterval;
            host.ScrapeInFlight = true;
            return url;
        }
    }

    private async Task ScrapeAsync(InstanceHost host, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _scraper.ScrapeAsync(url, cancellationToken);
            var at = _time.GetUtcNow();
            lock (host.Gate)
            {
                // The URL may have changed while the scrape ran: its result then belongs to nobody.
                if (string.Equals(host.Instance.NodeExporterUrl, url.OriginalString, StringComparison.Ordinal))
                {
                    host.Scrape = host.Scrape.After(result, at);
                }
            }

            if (!result.Succeeded)
            {
                Log.ScrapeFailed(_logger, host.Instance.Id, url, result.Failure, result.Detail);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
#pragma warning disable CA1031 // a bug in one scrape must not end the scheduler; it is logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ScrapeCrashed(_logger, host.Instance.Id, ex);
        }
        finally
        {
            lock (host.Gate)
            {
                host.ScrapeInFlight = false;
            }

            _slots.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4320, EventName = "InstanceHealthStarted", Level = LogLevel.Information,
            Message = "Instance health: {Instances} instances loaded, node_exporter scraped every {IntervalSeconds} s")]
        public static partial void Started(ILogger logger, int instances, double intervalSeconds);

        [LoggerMessage(EventId = 4321, EventName = "NodeExporterScrapeFailed", Level = LogLevel.Debug,
            Message = "Instance {InstanceId}: scraping {Url} failed: {Failure} {Detail}")]
        public static partial void ScrapeFailed(ILogger logger, string instanceId, Uri url, NodeExporterScrapeFailure failure, string? detail);

        [LoggerMessage(EventId = 4322, EventName = "NodeExporterScrapeCrashed", Level = LogLevel.Error,
            Message = "Instance {InstanceId}: the scrape failed unexpectedly")]
        public static partial void ScrapeCrashed(ILogger logger, string instanceId, Exception exception);
    }
}
