using System.Globalization;
using System.Threading.Channels;
using Vitals.Control.Access;
using Vitals.Control.Fleet;
using Vitals.Core.Resources;
using Vitals.Storage;

namespace Vitals.Control.Cluster;

/// <summary>
/// Follows the changes other nodes sharing the store commit (docs/storage.md, "Several nodes"): each one reaches this
/// node's observers as if it had been made here, through <see cref="FleetService"/>. The feed is read after the last
/// seq seen whenever the listener says another node committed, whenever the listener (re)connects, and every
/// <see cref="PollInterval"/> whatever happens, so a notification lost while disconnected delays a change, never
/// loses it. Health is not followed: every node checks every member itself.
/// </summary>
internal sealed partial class ChangeFollower : IHostedLifecycleService, IDisposable
{
    /// <summary>How often the feed is read without a notification (the durable path).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long changes are kept for nodes that were away; older ones are pruned.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private const int BatchSize = 500;

    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(5);

    private readonly IChangeFeed _feed;
    private readonly IStore _store;
    private readonly FleetService _fleet;
    private readonly TokenService _tokens;
    private readonly IKnownResources[] _known;
    private readonly TimeProvider _time;
    private readonly ILogger<ChangeFollower> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private long _after;
    private long _lastPrune;
    private long _caughtUp;
    private Task? _listening;
    private Task? _following;

    public ChangeFollower(IChangeFeed feed, IStore store, FleetService fleet, IEnumerable<IKnownResources> known, TimeProvider time,
        ILogger<ChangeFollower> logger, TokenService tokens)
    {
        _feed = feed;
        _store = store;
        _fleet = fleet;
        _tokens = tokens;
        _known = [.. known];
        _time = time;
        _logger = logger;
    }

    /// <summary>The seq of the last change this node has taken in (its own included).</summary>
    public long Position => Interlocked.Read(ref _after);

    /// <summary>
    /// How long ago this node last read the feed to its end; null while it is not following (before start, once
    /// stopping). Following answers at most about <see cref="PollInterval"/>; a store out of reach makes it grow.
    /// </summary>
    public TimeSpan? SinceCaughtUp() =>
        Volatile.Read(ref _following) is null || _stopping.IsCancellationRequested ? null : _time.GetElapsedTime(Interlocked.Read(ref _caughtUp));

    /// <summary>
    /// Before any service loads the fleet: the position is taken first, so a change committed between it and the load
    /// is applied once more (harmless: an upsert re-reads the record, a delete of what is gone does nothing), never missed.
    /// </summary>
    public async Task StartingAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _after, await _feed.LatestAsync(cancellationToken));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every service has loaded: following starts only once the observers are ready.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _lastPrune = _time.GetTimestamp();
        Interlocked.Exchange(ref _caughtUp, _lastPrune); // the fleet was loaded from the store a moment ago
        _listening = _feed.ListenAsync(Wake, _stopping.Token);
        _following = FollowAsync(_stopping.Token);
        Log.Following(_logger, _feed.NodeId, Position);
        return Task.CompletedTask;
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => StopFollowingAsync();

    public Task StopAsync(CancellationToken cancellationToken) => StopFollowingAsync();

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private void Wake() => _wake.Writer.TryWrite(true);

    private async Task StopFollowingAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        foreach (var task in (Task?[])[_listening, _following])
        {
            if (task is not null)
            {
                await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(cancellationToken);
                Interlocked.Exchange(ref _caughtUp, _time.GetTimestamp());
                if (_time.GetElapsedTime(_lastPrune) >= PruneInterval)
                {
                    _lastPrune = _time.GetTimestamp();
                    var pruned = await _feed.PruneAsync(_time.GetUtcNow() - Retention, cancellationToken);
                    Log.Pruned(_logger, pruned);
                }

                await WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the store unreachable, a bad row: logged, and the next round retries from the same position
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.FollowFailed(_logger, exception, Position);
                try
                {
                    await Task.Delay(PollInterval, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_wake.Reader.TryRead(out _))
        {
            return;
        }

        using var poll = new CancellationTokenSource(PollInterval, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, poll.Token);
        try
        {
            await _wake.Reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return; // the poll interval passed
        }

        _wake.Reader.TryRead(out _);
    }

    /// <summary>Takes in every change after the position, in commit order; the position moves past each one applied.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await _feed.ReadAfterAsync(Position, BatchSize, cancellationToken);
            if (batch.Missed)
            {
                await ReloadAsync(cancellationToken);
                continue;
            }

            foreach (var change in batch.Changes)
            {
                if (!string.Equals(change.Origin, _feed.NodeId, StringComparison.Ordinal))
                {
                    await ApplyAsync(change, cancellationToken);
                }

                Interlocked.Exchange(ref _after, change.Seq);
            }

            if (batch.Changes.Count < BatchSize)
            {
                return;
            }
        }
    }

    private async Task ApplyAsync(StoreChange change, CancellationToken cancellationToken)
    {
        Log.Applying(_logger, change.Op, change.Kind, change.Id, change.Origin, change.Seq);
        if (change.Kind == ChangeKind.Token)
        {
            // A token revoked or rotated on another node: this node must stop accepting what it cached.
            _tokens.Forget(long.Parse(change.Id, CultureInfo.InvariantCulture));
            return;
        }

        if (change.Op == ChangeOp.Upsert)
        {
            await _fleet.ApplyRemoteUpsertAsync(change.Kind, change.ProjectId, change.Id, cancellationToken);
            return;
        }

        if (Recall(change) is { } deleted)
        {
            await _fleet.ApplyRemoteDeleteAsync(deleted, cancellationToken);
        }
    }

    /// <summary>
    /// The deleted record as this node knew it. No observer keeps load balancers, so one is told of a record holding
    /// only its identity; so is an HAProxy binding no component recalls (its sync, if one runs, keys on the id); any other
    /// kind no component holds was never followed here and needs no delete.
    /// </summary>
    private Resource? Recall(StoreChange change)
    {
        foreach (var known in _known)
        {
            if (known.Find(change.Kind, change.Id) is { } resource)
            {
                return resource;
            }
        }

        return change.Kind switch
        {
            ChangeKind.LoadBalancer => new LoadBalancer { Id = change.Id, NumericId = 0, ProjectId = change.ProjectId },
            ChangeKind.HaproxyBinding => new HaproxyBinding
            {
                Id = change.Id, NumericId = 0, ProjectId = change.ProjectId, LoadBalancerId = "", RuntimeApi = "",
            },
            _ => null,
        };
    }

    /// <summary>
    /// Changes this node had not read were pruned (it was away longer than <see cref="Retention"/>): the whole fleet is
    /// read again and the observers brought to it; the position moves to where that read stood.
    /// </summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var latest = await _feed.LatestAsync(cancellationToken);
        _tokens.ForgetAll();
        var snapshot = await _store.LoadAllAsync(cancellationToken);
        var known = new List<Resource>();
        foreach (var component in _known)
        {
            component.CollectKnown(known);
        }

        await _fleet.ApplyReloadAsync(snapshot, known, cancellationToken);
        Log.Reloaded(_logger, Position, latest);
        Interlocked.Exchange(ref _after, latest);
    }
}
