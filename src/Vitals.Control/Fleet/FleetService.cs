using Vitals.Control.Traffic;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Core.Validation;
using Vitals.Storage;

namespace Vitals.Control.Fleet;

/// <summary>
/// The native fleet service: create, read, update, delete and list every kind of resource of one project. It checks
/// input with the pure Core rules (every error at once), writes through <see cref="IStore"/> (one transaction per
/// change), and after each commit tells every <see cref="IFleetObserver"/>. The REST API and the cloud dialects
/// call it; it knows nothing of HTTP.
/// </summary>
/// <remarks>
/// Writes pass one gate so that observers hear of changes in commit order, and so that a change made of two store
/// writes (a pool created for a listener) cannot interleave with another change from this service.
/// </remarks>
public sealed partial class FleetService : IDisposable
{
    private readonly IStore _store;
    private readonly IFleetObserver[] _observers;
    private readonly ILogger<FleetService> _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TargetPolicy _targets;
    private readonly SocketPathPolicy _sockets;
    private readonly IHaproxySyncStatus _syncStatus;
    private readonly TimeProvider _time;

    /// <param name="store">Where the fleet is kept.</param>
    /// <param name="observers">Told of every committed change.</param>
    /// <param name="logger">For observers that fail.</param>
    /// <param name="targets">Which member addresses and exporter URLs may be written; null: the built-in rules alone.</param>
    /// <param name="sockets">Which unix sockets an HAProxy binding may name; null: <see cref="SocketPathPolicy.Default"/>.</param>
    /// <param name="syncStatus">Where HAProxy bindings' sync status is read; null: nowhere (every <c>sync</c> is null).</param>
    /// <param name="time">The clock of webhook secret expiries; null: <see cref="TimeProvider.System"/>.</param>
    public FleetService(IStore store, IEnumerable<IFleetObserver> observers, ILogger<FleetService> logger, TargetPolicy? targets = null,
        SocketPathPolicy? sockets = null, IHaproxySyncStatus? syncStatus = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(observers);
        _store = store;
        _observers = [.. observers];
        _logger = logger;
        _targets = targets ?? TargetPolicy.Default;
        _sockets = sockets ?? SocketPathPolicy.Default;
        _syncStatus = syncStatus ?? new NoHaproxySyncStatus();
        _time = time ?? TimeProvider.System;
    }

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Runs <paramref name="write"/> inside the write gate.</summary>
    private async Task<FleetResult<T>> GatedAsync<T>(Func<Task<FleetResult<T>>> write, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>One store write in the gate; on success the observers hear of the stored record.</summary>
    private Task<FleetResult<T>> CommitAsync<T>(Func<Task<StoreResult<T>>> write, bool created, string kind, string? id,
        CancellationToken cancellationToken)
        where T : Resource =>
        GatedAsync(async () => CommitUngated(await write(), created, kind, id), cancellationToken);

    /// <summary>Maps a store write made inside the gate, notifying the observers on success.</summary>
    private FleetResult<T> CommitUngated<T>(StoreResult<T> result, bool created, string kind, string? id)
        where T : Resource
    {
        if (!result.IsOk)
        {
            return Failure<T, T>(result, kind, id);
        }

        var stored = result.Value!;
        NotifyUpserted(stored);
        return created ? FleetResult<T>.Created(stored) : FleetResult<T>.Ok(stored);
    }

    /// <summary>Deletes after reading the record (observers are told what was deleted).</summary>
    private Task<FleetResult<T>> DeleteAsync<T>(Func<Task<T?>> get, Func<Task<StoreResult<Deleted>>> delete, string kind, string id,
        CancellationToken cancellationToken)
        where T : Resource =>
        GatedAsync(async () =>
        {
            var current = await get();
            if (current is null)
            {
                return Missing<T>(kind, id);
            }

            var deleted = await delete();
            if (!deleted.IsOk)
            {
                return Failure<Deleted, T>(deleted, kind, id);
            }

            NotifyDeleted(current);
            return FleetResult<T>.Ok(current);
        }, cancellationToken);

    /// <summary>A page of a list, the marker (an id) resolved to its numeric id through <paramref name="get"/>.</summary>
    private static async Task<FleetResult<FleetPage<T>>> PageAsync<T>(FleetPaging paging, string kind, Func<string, Task<T?>> get,
        Func<PageRequest, Task<Page<T>>> list)
        where T : Resource
    {
        long after = 0;
        if (paging.Marker is { } marker)
        {
            var last = marker.Length == 0 ? null : await get(marker);
            if (last is null)
            {
                return FleetResult<FleetPage<T>>.Invalid("marker", $"must be the id of a {kind} of this project (got '{marker}')");
            }

            after = last.NumericId;
        }

        var page = await list(new PageRequest(after, paging.Limit, CountTotal: true));
        var next = page.NextAfter is null || page.Items.Count == 0 ? null : page.Items[^1].Id;
        return FleetResult<FleetPage<T>>.Ok(new FleetPage<T>(page.Items, next, page.TotalCount ?? page.Items.Count));
    }

    private static FleetResult<T> Found<T>(T? value, string kind, string id) => value is null ? Missing<T>(kind, id) : FleetResult<T>.Ok(value);

    private static FleetResult<T> Missing<T>(string kind, string id) => FleetResult<T>.NotFound(null, $"{kind} '{id}' does not exist");

    private static FleetResult<TOut> Failure<TIn, TOut>(StoreResult<TIn> result, string kind, string? id) => result.Outcome switch
    {
        StoreOutcome.NotFound when result.Field is null => Missing<TOut>(kind, id ?? ""),
        StoreOutcome.NotFound => FleetResult<TOut>.NotFound(result.Field, result.Message ?? $"{result.Field} does not exist"),
        StoreOutcome.Conflict => FleetResult<TOut>.Conflict(result.Field, result.Message ?? "the change conflicts with a stored resource"),
        _ => throw new InvalidOperationException($"not a failure: {result}"),
    };

    /// <summary>The error for a field that the clouds fix at creation, when an update sends another value.</summary>
    private static void Fixed<TValue>(FieldErrorList errors, FleetInput input, string field, TValue? sent, TValue current)
    {
        if (input.Has(field) && !EqualityComparer<TValue?>.Default.Equals(sent, current))
        {
            errors.Add(field, $"cannot be changed after creation (it is '{current}')");
        }
    }

    private void NotifyUpserted(Resource resource)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnUpserted(resource);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The change is committed: a faulty observer must not turn it into an error for the caller.
                Log.ObserverFailed(_logger, e, observer.GetType().Name, resource.Id);
            }
        }
    }

    private void NotifyDeleted(Resource resource)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnDeleted(resource);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.ObserverFailed(_logger, e, observer.GetType().Name, resource.Id);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, EventName = "FleetObserverFailed", Level = LogLevel.Error,
            Message = "Fleet observer {Observer} failed on {ResourceId}; the change is committed")]
        public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string resourceId);
    }
}
