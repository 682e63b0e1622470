using System.Collections.Concurrent;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Control.Targets;
using Vitals.Core.Instances;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Instances;

/// <summary>
/// Instance health (docs/instance-health.md): scrapes every instance's node_exporter on its own schedule (bounded
/// concurrency, a deadline per scrape) and evaluates <see cref="InstanceHealthRules"/> on demand from the live member
/// states of the coordinator and engine, the instance's maintenance windows and its last host metrics. The instance's
/// own reachability check is its exporter: consecutive scrapes that cannot reach it mean the machine is unreachable.
/// Follows instance changes as an <see cref="IFleetObserver"/>; the store stays the truth for which instances exist.
/// </summary>
internal sealed partial class InstanceHealthService : IHostedService, IFleetObserver, IKnownResources, IDisposable
{
    /// <summary>Instances loaded at start, at most; past that they are picked up when first queried.</summary>
    private const int MaxLoadedAtStart = 200_000;

    private readonly IStore _store;
    private readonly LiveHealthReader _health;
    private readonly TimeProvider _time;
    private readonly InstanceHealthOptions _options;
    private readonly ILogger<InstanceHealthService> _logger;
    private readonly HttpClient _httpClient;
    private readonly NodeExporterScraper _scraper;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, InstanceHost> _hosts = new(StringComparer.Ordinal);
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public InstanceHealthService(IStore store, LiveHealthReader health, TimeProvider time, InstanceHealthOptions options,
        ILogger<InstanceHealthService> logger, TargetGuard? targets = null)
    {
        InstanceHealthOptions.Validate(options);
        _store = store;
        _health = health;
        _time = time;
        _options = options;
        _logger = logger;
        // No proxy and no redirects: an exporter URL is fetched exactly as configured, and only from an address the
        // target policy allows, checked on each connection (the guard resolves the host itself).
        _httpClient = new HttpClient((targets ?? new TargetGuard(TargetPolicy.Default)).CreateHandler(options.ScrapeTimeout))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _scraper = new NodeExporterScraper(_httpClient, time, new NodeExporterScraperOptions { Timeout = options.ScrapeTimeout });
        _slots = new SemaphoreSlim(options.MaxConcurrentScrapes, options.MaxConcurrentScrapes);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loaded = 0;
        foreach (var project in await _store.ListProjectsAsync(cancellationToken))
        {
            long after = 0;
            while (loaded < MaxLoadedAtStart)
            {
                var page = await _store.ListInstancesAsync(project.Id, InstanceFilter.All, new PageRequest(after, PageRequest.MaxLimit), cancellationToken);
                foreach (var instance in page.Items)
                {
                    Track(instance);
                    loaded++;
                }

                if (page.NextAfter is not { } next)
                {
                    break;
                }

                after = next;
            }
        }

        _stopping = new CancellationTokenSource();
        _loop = RunAsync(_stopping.Token);
        Log.Started(_logger, loaded, _options.ScrapeInterval.TotalSeconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null || _loop is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // the loop ends by cancellation
        }

        // Scrapes in flight hold a slot each: taking every slot back means they have all finished.
        for (var i = 0; i < _options.MaxConcurrentScrapes; i++)
        {
            if (!await _slots.WaitAsync(_options.ScrapeTimeout * 2, cancellationToken))
            {
                break;
            }
        }
    }

    public void Dispose()
    {
        _stopping?.Dispose();
        _httpClient.Dispose();
        _slots.Dispose();
    }

    public void OnUpserted(Resource resource)
    {
        if (resource is Instance instance)
        {
            Track(instance);
        }
    }

    public Resource? Find(ChangeKind kind, string id) =>
        kind == ChangeKind.Instance && _hosts.TryGetValue(id, out var host) ? host.Instance : null;

    public void CollectKnown(ICollection<Resource> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var host in _hosts.Values)
        {
            into.Add(host.Instance);
        }
    }

    public void OnDeleted(Resource resource)
    {
        if (resource is Instance instance)
        {
            _hosts.TryRemove(instance.Id, out _);
        }
    }

    /// <summary>Evaluates one instance now.</summary>
    public InstanceHealthReport Evaluate(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return EvaluateAll([instance])[0];
    }

    /// <summary>Evaluates instances now, reading the member catalog once for all of them.</summary>
    public IReadOnlyList<InstanceHealthReport> EvaluateAll(IReadOnlyList<Instance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var now = _time.GetUtcNow();
        var ids = new HashSet<string>(instances.Count, StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            ids.Add(instance.Id);
        }

        var members = _health.GetInstanceMembers(ids);
        var reports = new InstanceHealthReport[instances.Count];
        for (var i = 0; i < reports.Length; i++)
        {
            reports[i] = EvaluateOne(instances[i], members.GetValueOrDefault(instances[i].Id) ?? [], now);
        }

        return reports;
    }

    private InstanceHealthReport EvaluateOne(Instance instance, List<MemberHealthInput> members, DateTimeOffset now)
    {
        var host = Track(instance);
        ScrapeState? scrape = null;
        HostMetricsInput? metrics = null;
        ReachabilityInput? reachability = null;
        if (instance.NodeExporterUrl is not null)
        {
            scrape = host.Scrape;
            metrics = new HostMetricsInput(_options.ScrapeInterval, scrape.LastSample, scrape.AnsweredWithoutSample);
            var unreachable = scrape.UnreachableRun >= _options.UnreachableAfterFailures;
            // A short run of failures below the threshold is no verdict yet: the last time the exporter answered stands.
            var verdictAt = unreachable ? scrape.LastAttemptAt : scrape.LastReachedAt;
            reachability = new ReachabilityInput(_options.ScrapeInterval, verdictAt, !unreachable,
                unreachable ? $"{scrape.LastFailure}: {scrape.LastDetail}" : null);
        }

        var input = new InstanceHealthInput
        {
            CreatedAt = instance.CreatedAt,
            MaintenanceWindows = instance.MaintenanceWindows,
            Members = members,
            HostMetrics = metrics,
            Reachability = reachability,
            Thresholds = _options.Thresholds,
        };
        var verdict = InstanceHealthRules.Evaluate(input, now);
        int healthy = 0, unhealthy = 0;
        foreach (var member in members)
        {
            healthy += member.State == Core.Health.HealthState.Healthy ? 1 : 0;
            unhealthy += member.State == Core.Health.HealthState.Unhealthy ? 1 : 0;
        }

        return new InstanceHealthReport(instance, verdict, now, scrape, members.Count, healthy, unhealthy);
    }

    /// <summary>The host of an instance, created or refreshed from the given record (the newer record wins).</summary>
    private InstanceHost Track(Instance instance)
    {
        var host = _hosts.GetOrAdd(instance.Id, static (_, i) => new InstanceHost(i), instance);
        lock (host.Gate)
        {
            var known = host.Instance;
            if (!ReferenceEquals(known, instance) && instance.UpdatedAt >= known.UpdatedAt)
            {
                if (!string.Equals(known.NodeExporterUrl, instance.NodeExporterUrl, StringComparison.Ordinal))
                {
                    // A new exporter: nothing known about it yet, and it is scraped at the next tick.
                    host.Scrape = ScrapeState.None;
                    host.NextScrapeAt = null;
                }

                host.Instance = instance;
            }
        }

        return host;
    }
}
