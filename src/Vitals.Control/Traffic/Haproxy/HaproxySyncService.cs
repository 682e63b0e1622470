using System.Collections.Concurrent;
using Vitals.Control.Fleet;
using Vitals.Control.Health;
using Vitals.Control.Targets;
using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// The runtime API sync (docs/load-balancers.md): one <see cref="HaproxySyncWorker"/> per HAProxy binding, woken by the
/// rotation book when a pool of the binding's load balancer changes. Follows bindings and load balancer names as an
/// <see cref="IFleetObserver"/>, loads them from the store at start, and answers the API's <c>sync</c> status.
/// </summary>
internal sealed partial class HaproxySyncService : IHostedService, IFleetObserver, IKnownResources, IHaproxySyncStatus, IAsyncDisposable
{
    private readonly IStore _store;
    private readonly RotationBook _book;
    private readonly TargetGuard _guard;
    private readonly TimeProvider _time;
    private readonly HaproxySyncOptions _options;
    private readonly ILogger<HaproxySyncService> _logger;
    private readonly ConcurrentDictionary<string, HaproxySyncWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _loadBalancerNames = new(StringComparer.Ordinal);
    private volatile bool _started;

    public HaproxySyncService(IStore store, RotationBook book, TargetGuard guard, TimeProvider time, HaproxySyncOptions options,
        ILogger<HaproxySyncService> logger)
    {
        HaproxySyncOptions.Validate(options);
        _store = store;
        _book = book;
        _guard = guard;
        _time = time;
        _options = options;
        _logger = logger;
        book.Watch(OnPoolChanged);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var project in await _store.ListProjectsAsync(cancellationToken))
        {
            long after = 0;
            while (true)
            {
                var page = await _store.ListHaproxyBindingsAsync(project.Id, HaproxyBindingFilter.All, new PageRequest(after, PageRequest.MaxLimit),
                    cancellationToken);
                foreach (var binding in page.Items)
                {
                    Track(binding);
                }

                if (page.NextAfter is not { } next)
                {
                    break;
                }

                after = next;
            }
        }

        _started = true;
        foreach (var worker in _workers.Values)
        {
            worker.Start();
        }

        Log.Started(_logger, _workers.Count, _options.ReconcileInterval.TotalSeconds);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _started = false;
        foreach (var worker in _workers.Values)
        {
            await worker.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values)
        {
            await worker.DisposeAsync();
        }
    }

    /// <summary>Every binding the scope sees with its status and lag totals, by binding id (for /metrics).</summary>
    public List<HaproxySyncReport> Reports(ProjectScope scope)
    {
        var reports = new List<HaproxySyncReport>();
        foreach (var worker in _workers.Values)
        {
            var binding = worker.Binding;
            if (scope.Sees(binding.ProjectId))
            {
                var (sum, count) = worker.LagTotals;
                reports.Add(new HaproxySyncReport(binding, worker.Status, sum / 1000, count));
            }
        }

        reports.Sort(static (a, b) => string.CompareOrdinal(a.Binding.Id, b.Binding.Id));
        return reports;
    }

    public HaproxySyncStatus? Get(string bindingId) => _workers.TryGetValue(bindingId, out var worker) ? worker.Status : null;

    public void OnUpserted(Resource resource)
    {
        switch (resource)
        {
            case HaproxyBinding binding:
                Track(binding);
                break;
            case LoadBalancer lb when _loadBalancerNames.TryGetValue(lb.Id, out var name) && !string.Equals(name, lb.Name, StringComparison.Ordinal):
                // Default backend names follow the load balancer's name.
                _loadBalancerNames[lb.Id] = lb.Name;
                WakeLoadBalancer(lb.Id);
                break;
        }
    }

    public void OnDeleted(Resource resource)
    {
        if (resource is HaproxyBinding binding && _workers.TryRemove(binding.Id, out var worker))
        {
            _ = worker.DisposeAsync().AsTask();
        }
    }

    public Resource? Find(ChangeKind kind, string id) =>
        kind == ChangeKind.HaproxyBinding && _workers.TryGetValue(id, out var worker) ? worker.Binding : null;

    public void CollectKnown(ICollection<Resource> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        foreach (var worker in _workers.Values)
        {
            into.Add(worker.Binding);
        }
    }

    private void Track(HaproxyBinding binding)
    {
        if (_workers.TryGetValue(binding.Id, out var worker))
        {
            worker.Update(binding);
            return;
        }

        worker = new HaproxySyncWorker(binding, _book, _guard, _time, _options, _logger, LoadBalancerNameAsync);
        if (_workers.TryAdd(binding.Id, worker) && _started)
        {
            worker.Start();
        }
    }

    /// <summary>A pool changed: wake the bindings that covered it, or all of them for a pool none has seen (a new one).</summary>
    private void OnPoolChanged(string poolId)
    {
        if (_workers.IsEmpty)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var known = false;
        foreach (var worker in _workers.Values)
        {
            if (worker.Pools.Contains(poolId))
            {
                known = true;
                worker.Wake(now);
            }
        }

        if (!known)
        {
            foreach (var worker in _workers.Values)
            {
                worker.Wake(now);
            }
        }
    }

    private void WakeLoadBalancer(string loadBalancerId)
    {
        var now = _time.GetTimestamp();
        foreach (var worker in _workers.Values)
        {
            if (string.Equals(worker.Binding.LoadBalancerId, loadBalancerId, StringComparison.Ordinal))
            {
                worker.Wake(now);
            }
        }
    }

    private async ValueTask<string?> LoadBalancerNameAsync(string loadBalancerId, CancellationToken cancellationToken)
    {
        if (_loadBalancerNames.TryGetValue(loadBalancerId, out var name))
        {
            return name;
        }

        foreach (var worker in _workers.Values)
        {
            var binding = worker.Binding;
            if (string.Equals(binding.LoadBalancerId, loadBalancerId, StringComparison.Ordinal)
                && await _store.GetLoadBalancerAsync(binding.ProjectId, loadBalancerId, cancellationToken) is { } lb)
            {
                return _loadBalancerNames.GetOrAdd(loadBalancerId, lb.Name);
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4802, EventName = "HaproxySyncStarted", Level = LogLevel.Information,
            Message = "HAProxy sync: {Bindings} binding(s), reconciled every {IntervalSeconds} s")]
        public static partial void Started(ILogger logger, int bindings, double intervalSeconds);
    }
}
