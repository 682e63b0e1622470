using System.Net;
using Vitals.Control.Health;
using Vitals.Control.Targets;
using Vitals.Core.Resources;
using Vitals.Core.Traffic;
using Vitals.Core.Traffic.Haproxy;

namespace Vitals.Control.Traffic.Haproxy;

/// <summary>
/// Keeps one HAProxy binding in step: woken when a pool of its load balancer changes rotation and every
/// <see cref="HaproxySyncOptions.ReconcileInterval"/> regardless, it reads <c>show servers state</c>, plans with
/// <see cref="HaproxyPlanner"/>, sends the commands in batches and reads the state back to confirm. Wakes that arrive
/// while a sync runs are folded into one more run, so a burst of verdicts costs one round of commands.
/// </summary>
internal sealed partial class HaproxySyncWorker : IAsyncDisposable
{
    private readonly RotationBook _book;
    private readonly TargetGuard _guard;
    private readonly TimeProvider _time;
    private readonly HaproxySyncOptions _options;
    private readonly ILogger _logger;
    private readonly Func<string, CancellationToken, ValueTask<string?>> _loadBalancerName;
    private readonly LagWindow _lags = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HaproxyBinding _binding;
    private long _changedSince;
    private HaproxyRuntimeClient? _client;
    private string? _clientFor;
    private HaproxyVersion? _version;
    private HaproxySyncStatus _status;
    private IReadOnlySet<string> _pools = new HashSet<string>(StringComparer.Ordinal);
    private Task? _loop;
    private int _disposed;

    public HaproxySyncWorker(HaproxyBinding binding, RotationBook book, TargetGuard guard, TimeProvider time, HaproxySyncOptions options,
        ILogger logger, Func<string, CancellationToken, ValueTask<string?>> loadBalancerName)
    {
        _binding = binding;
        _book = book;
        _guard = guard;
        _time = time;
        _options = options;
        _logger = logger;
        _loadBalancerName = loadBalancerName;
        _status = Pending(binding);
    }

    public HaproxyBinding Binding => Volatile.Read(ref _binding);

    public HaproxySyncStatus Status => Volatile.Read(ref _status);

    /// <summary>The pools the last sync covered (a change to another pool does not wake this binding).</summary>
    public IReadOnlySet<string> Pools => Volatile.Read(ref _pools);

    /// <summary>Every confirmed lag since start: milliseconds summed, and how many.</summary>
    public (double SumMs, long Count) LagTotals => (_lags.SumMs, _lags.Count);

    public void Start() => _loop ??= RunAsync(_stopping.Token);

    /// <summary>A new version of the binding: used from the next sync, which starts now.</summary>
    public void Update(HaproxyBinding binding)
    {
        Volatile.Write(ref _binding, binding);
        Wake(_time.GetTimestamp());
    }

    /// <summary>
    /// A pool of the binding changed at <paramref name="timestamp"/>; the lag of the sync that confirms it counts from the
    /// first change it carries. Quick and never throws: called under the catalog's gate.
    /// </summary>
    public void Wake(long timestamp)
    {
        Interlocked.CompareExchange(ref _changedSince, timestamp, 0);
        Volatile.Read(ref _wake).TrySetResult();
    }

    /// <summary>Stops the loop and waits for it; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            // A fresh signal before reading anything: a wake during the sync is kept for the next one.
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var changedSince = Interlocked.Exchange(ref _changedSince, 0);
            var failed = false;
            try
            {
                failed = !await SyncAsync(changedSince, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // one binding's failure must not stop its loop: it is reported in the status and retried
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failed = true;
                Fail(ex.Message);
                Log.SyncCrashed(_logger, Binding.Id, ex);
            }

            await WaitAsync(failed, cancellationToken);
        }
    }

    /// <summary>Until a wake or the reconcile interval; after a failure only the interval, so a flapping fleet does not hammer a dead socket.</summary>
    private async Task WaitAsync(bool failed, CancellationToken cancellationToken)
    {
        using var interval = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(_options.ReconcileInterval, _time, interval.Token);
        if (!failed)
        {
            await Task.WhenAny(delay, Volatile.Read(ref _wake).Task);
        }
        else
        {
            await Task.WhenAny(delay);
        }

        await interval.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>One sync; false when HAProxy could not be reached or refused a command.</summary>
    private async Task<bool> SyncAsync(long changedSince, CancellationToken cancellationToken)
    {
        var binding = Binding;
        if (!binding.AdminStateUp)
        {
            Volatile.Write(ref _status, Status with { State = "disabled", Error = null });
            return true;
        }

        if (await _loadBalancerName(binding.LoadBalancerId, cancellationToken) is not { } lbName)
        {
            Fail($"load balancer {binding.LoadBalancerId} is not known here");
            return false;
        }

        if (Client(binding) is not { } client)
        {
            Fail($"runtime_api '{binding.RuntimeApi}' is not a unix socket path or IP:port");
            return false;
        }

        var pools = Rotations(binding);
        var targets = HaproxySyncTargets.Build(pools, binding, lbName);
        try
        {
            _version ??= await client.ShowVersionAsync(cancellationToken);
            var manage = binding.ManageServers && _version.Value.SupportsDynamicServers;
            var errors = new List<string>();
            if (binding.ManageServers && !manage)
            {
                errors.Add($"HAProxy {_version} cannot add or delete servers at runtime (2.5 or later can): manage_servers is ignored");
            }

            var backends = await BackendsAsync(client, cancellationToken);
            var absent = RemoveAbsentBackends(targets, backends);
            if (absent.Count > 0)
            {
                errors.Add($"HAProxy has no backend {string.Join(", ", absent)}");
            }

            var servers = HaproxySyncTargets.Servers(await client.ShowServersStateAsync(null, cancellationToken));
            var plan = HaproxyPlanner.Plan(targets, servers, manage);
            var sent = plan.Changes.Count > 0;
            if (sent)
            {
                await ApplyAsync(client, plan.Changes, errors, cancellationToken);
                servers = HaproxySyncTargets.Servers(await client.ShowServersStateAsync(null, cancellationToken));
                plan = HaproxyPlanner.Plan(targets, servers, manage);
            }

            Finish(binding, targets, plan, errors, sent, changedSince);
            return errors.Count == 0;
        }
        catch (Exception ex) when (ex is HaproxyConnectionException or HaproxyRuntimeException or TargetRefusedException or IOException
            or TimeoutException)
        {
            // HAProxy may come back as another version (an upgrade between restarts): ask again.
            _version = null;
            Fail(ex.Message);
            Log.SyncFailed(_logger, binding.Id, client.Endpoint.ToString(), ex.Message);
            return false;
        }
    }

    private List<PoolRotation> Rotations(HaproxyBinding binding)
    {
        var scope = ProjectScope.Of(binding.ProjectId);
        var pools = new List<PoolRotation>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in _book.Pools(scope, binding.LoadBalancerId))
        {
            if (_book.GetPool(scope, id) is { } pool)
            {
                pools.Add(pool);
                ids.Add(id);
            }
        }

        Volatile.Write(ref _pools, ids);
        return pools;
    }

    private static async Task<HashSet<string>> BackendsAsync(HaproxyRuntimeClient client, CancellationToken cancellationToken)
    {
        // "show backend": a "# name" header, then one backend per line (an empty backend has no row in show servers state).
        var answer = await client.RunAsync(HaproxyCommand.ShowBackends(), cancellationToken);
        var backends = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in answer.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('#'))
            {
                backends.Add(line);
            }
        }

        return backends;
    }

    private static List<string> RemoveAbsentBackends(List<HaproxyTarget> targets, HashSet<string> backends)
    {
        var absent = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            if (!backends.Contains(target.Backend))
            {
                absent.Add(target.Backend);
            }
        }

        targets.RemoveAll(t => absent.Contains(t.Backend));
        return [.. absent];
    }

    private async Task ApplyAsync(HaproxyRuntimeClient client, IReadOnlyList<HaproxyChange> changes, List<string> errors,
        CancellationToken cancellationToken)
    {
        var batch = new List<HaproxyCommand>(Math.Min(changes.Count, _options.MaxBatch));
        var deletes = new List<HaproxyChange>();
        foreach (var change in changes)
        {
            if (change.Action == HaproxyAction.Delete)
            {
                deletes.Add(change);
                continue;
            }

            if (Command(change, out var error) is { } command)
            {
                batch.Add(command);
            }
            else
            {
                errors.Add(error!);
            }

            if (batch.Count == _options.MaxBatch)
            {
                await SendAsync(client, batch, errors, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await SendAsync(client, batch, errors, cancellationToken);
        }

        foreach (var delete in deletes)
        {
            try
            {
                await client.DeleteServerAsync(delete.Backend, delete.Server, cancellationToken);
            }
            catch (HaproxyRuntimeException ex) when (!ex.IsNotFound)
            {
                errors.Add($"del server {delete.Backend}/{delete.Server}: {ex.HaproxyMessage}");
            }
            catch (HaproxyRuntimeException)
            {
                // already gone
            }
        }
    }

    private static async Task SendAsync(HaproxyRuntimeClient client, List<HaproxyCommand> batch, List<string> errors, CancellationToken cancellationToken)
    {
        foreach (var result in await client.RunAsync(batch, cancellationToken))
        {
            if (!result.Succeeded)
            {
                errors.Add($"{result.Command.Text}: {result.Answer}");
            }
        }
    }

    private static HaproxyCommand? Command(HaproxyChange change, out string? error)
    {
        error = null;
        switch (change.Action)
        {
            case HaproxyAction.StateReady:
                return HaproxyCommand.SetState(change.Backend, change.Server, HaproxyAdminState.Ready);
            case HaproxyAction.StateDrain:
                return HaproxyCommand.SetState(change.Backend, change.Server, HaproxyAdminState.Drain);
            case HaproxyAction.StateMaint:
                return HaproxyCommand.SetState(change.Backend, change.Server, HaproxyAdminState.Maint);
            case HaproxyAction.HealthUp:
                return HaproxyCommand.SetHealth(change.Backend, change.Server, HaproxyHealth.Up);
            case HaproxyAction.HealthDown:
                return HaproxyCommand.SetHealth(change.Backend, change.Server, HaproxyHealth.Down);
            case HaproxyAction.Weight:
                return HaproxyCommand.SetWeight(change.Backend, change.Server, change.Weight);
            case HaproxyAction.Add when IPAddress.TryParse(change.Address, out var address):
                return HaproxyCommand.AddServer(change.Backend, change.Server, address, change.Port, change.Weight);
            case HaproxyAction.Add:
                error = $"member {change.Server}: address '{change.Address}' is not an IP address, so HAProxy cannot add it at runtime";
                return null;
            default:
                error = $"{change.Action} is not a command";
                return null;
        }
    }

    private void Finish(HaproxyBinding binding, List<HaproxyTarget> targets, HaproxyPlan plan, List<string> errors, bool sent, long changedSince)
    {
        var now = _time.GetUtcNow();
        var confirmed = plan.Changes.Count == 0;
        if (!binding.ManageServers && plan.Missing.Count > 0)
        {
            errors.Add($"{plan.Missing.Count} member(s) have no server in HAProxy ({string.Join(", ", plan.Missing.Take(5))}"
                + $"{(plan.Missing.Count > 5 ? ", …" : "")}): add them to the backend or set manage_servers");
        }

        if (confirmed && sent && changedSince != 0)
        {
            _lags.Add(_time.GetElapsedTime(changedSince).TotalMilliseconds);
        }

        var last = Status;
        Volatile.Write(ref _status, new HaproxySyncStatus(
            State: errors.Count == 0 ? "synced" : "error",
            LastSyncAt: sent ? now : last.LastSyncAt,
            LastConfirmedAt: confirmed ? now : last.LastConfirmedAt,
            Confirmed: confirmed,
            Error: errors.Count == 0 ? null : string.Join("; ", errors.Take(5)) + (errors.Count > 5 ? $"; and {errors.Count - 5} more" : ""),
            Servers: targets.Count - plan.Missing.Count,
            Mismatched: plan.Pending + (binding.ManageServers ? plan.Missing.Count : 0),
            LagLastMs: Round(_lags.Last),
            LagP50Ms: Round(_lags.Percentile(50)),
            LagP99Ms: Round(_lags.Percentile(99)),
            HaproxyVersion: _version?.Text));
    }

    private void Fail(string error) =>
        Volatile.Write(ref _status, Status with { State = "error", Confirmed = false, Error = error, HaproxyVersion = _version?.Text });

    private HaproxyRuntimeClient? Client(HaproxyBinding binding)
    {
        if (_client is { } current && string.Equals(_clientFor, binding.RuntimeApi, StringComparison.Ordinal))
        {
            return current;
        }

        if (HaproxyRuntimeApi.TryParse(binding.RuntimeApi) is not { } api)
        {
            return null;
        }

        var endpoint = api.SocketPath is { } path ? HaproxyEndpoint.Unix(path) : HaproxyEndpoint.Tcp(api.Endpoint!.Address, api.Endpoint.Port);
        _version = null;
        _clientFor = binding.RuntimeApi;
        _client = new HaproxyRuntimeClient(endpoint, _guard, _time);
        return _client;
    }

    private static double? Round(double? milliseconds) => milliseconds is { } ms ? Math.Round(ms, 1) : null;

    private static HaproxySyncStatus Pending(HaproxyBinding binding) =>
        new(binding.AdminStateUp ? "pending" : "disabled", null, null, false, null, 0, 0, null, null, null, null);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4800, EventName = "HaproxySyncFailed", Level = LogLevel.Warning,
            Message = "HAProxy binding {BindingId}: sync with {RuntimeApi} failed: {Error}")]
        public static partial void SyncFailed(ILogger logger, string bindingId, string runtimeApi, string error);

        [LoggerMessage(EventId = 4801, EventName = "HaproxySyncCrashed", Level = LogLevel.Error,
            Message = "HAProxy binding {BindingId}: sync crashed")]
        public static partial void SyncCrashed(ILogger logger, string bindingId, Exception exception);
    }
}
