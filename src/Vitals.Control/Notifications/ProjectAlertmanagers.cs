using Vitals.Control.Targets;
using Vitals.Control.Traffic;
using Vitals.Core.Resources;
using Vitals.Storage;
using Vitals.Storage.Filters;

namespace Vitals.Control.Notifications;

/// <summary>
/// The projects' own Alertmanagers (<c>/api/v1/alertmanagers</c>, docs/notifications.md): one
/// <see cref="AlertmanagerPusher"/> per enabled target, scoped to its project, kept in step with the store every
/// <see cref="RefreshInterval"/> (a new target starts pushing, a deleted or disabled one stops). Every node pushes, as
/// with the server-wide push: Alertmanager de-duplicates identical alerts.
/// </summary>
internal sealed partial class ProjectAlertmanagers : IHostedService, IAsyncDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly IStore _store;
    private readonly RotationBook _book;
    private readonly TargetGuard _targets;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger<ProjectAlertmanagers> _logger;
    private readonly TimeSpan _interval;
    private readonly Uri? _publicUrl;
    private readonly Dictionary<string, (AlertmanagerTarget Target, AlertmanagerPusher Pusher)> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public ProjectAlertmanagers(IStore store, RotationBook book, TargetGuard targets, TimeProvider time, ILoggerFactory loggers,
        TimeSpan interval, Uri? publicUrl)
    {
        _store = store;
        _book = book;
        _targets = targets;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<ProjectAlertmanagers>();
        _interval = interval;
        _publicUrl = publicUrl;
    }

    /// <summary>The targets pushed to now, by id.</summary>
    public IReadOnlyList<string> Running
    {
        get
        {
            lock (_running)
            {
                return [.. _running.Keys];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop;
        List<AlertmanagerPusher> pushers;
        lock (_running)
        {
            pushers = [.. _running.Values.Select(static r => r.Pusher)];
            _running.Clear();
        }

        foreach (var pusher in pushers)
        {
            await pusher.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stopping);
                await Task.Delay(RefreshInterval, _time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a failed read leaves the running pushers as they are until the next one
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.RefreshFailed(_logger, ex);
                await Task.Delay(RefreshInterval, _time, CancellationToken.None);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken stopping)
    {
        var wanted = new Dictionary<string, AlertmanagerTarget>(StringComparer.Ordinal);
        var page = new PageRequest(0, PageRequest.MaxLimit);
        while (true)
        {
            var found = await _store.ListAlertmanagersAsync(null, new AlertmanagerFilter(), page, stopping);
            foreach (var target in found.Items)
            {
                if (target.AdminStateUp && Uri.TryCreate(target.Url, UriKind.Absolute, out _))
                {
                    wanted[target.Id] = target;
                }
            }

            if (found.NextAfter is not { } next)
            {
                break;
            }

            page = page with { After = next };
        }

        var stop = new List<AlertmanagerPusher>();
        var start = new List<AlertmanagerPusher>();
        lock (_running)
        {
            foreach (var (id, running) in _running.ToList())
            {
                if (!wanted.TryGetValue(id, out var target) || !string.Equals(target.Url, running.Target.Url, StringComparison.Ordinal))
                {
                    _running.Remove(id);
                    stop.Add(running.Pusher);
                }
            }

            foreach (var (id, target) in wanted)
            {
                if (!_running.ContainsKey(id))
                {
                    var options = new AlertmanagerOptions
                    {
                        Urls = [new Uri(target.Url)], Interval = _interval, PublicUrl = _publicUrl, ProjectId = target.ProjectId,
                    };
                    var pusher = new AlertmanagerPusher(_book, options, _targets, _time, _loggers.CreateLogger<AlertmanagerPusher>());
                    _running[id] = (target, pusher);
                    start.Add(pusher);
                }
            }
        }

        foreach (var pusher in stop)
        {
            await pusher.DisposeAsync();
        }

        foreach (var pusher in start)
        {
            await pusher.StartAsync(stopping);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4944, EventName = "ProjectAlertmanagersRefreshFailed", Level = LogLevel.Error,
            Message = "Could not read the projects' Alertmanagers; the running pushes go on as they were")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);
    }
}
