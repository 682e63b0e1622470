using System.Collections.Concurrent;
using Vitals.Control.Health;

namespace Vitals.Control.Traffic;

/// <summary>
/// Publishes a <see cref="PanicChange"/> on the event hub when a pool enters panic, keeps other members, or leaves it:
/// the rotation book says which pools changed, and this re-reads only those, at most every
/// <see cref="MinimumGap"/>, so a flapping fleet costs one decision per changed pool per gap.
/// </summary>
internal sealed class PanicWatch : IHostedService, IAsyncDisposable
{
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(100);

    private readonly RotationBook _book;
    private readonly HealthEventHub _hub;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, byte> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> _inPanic = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _disposed;

    public PanicWatch(RotationBook book, HealthEventHub hub, TimeProvider time)
    {
        _book = book;
        _hub = hub;
        _time = time;
        book.Watch(poolId =>
        {
            _changed.TryAdd(poolId, 0);
            Volatile.Read(ref _wake).TrySetResult();
        });
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= RunAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
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
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            await Volatile.Read(ref _wake).Task.WaitAsync(cancellationToken);
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            foreach (var poolId in _changed.Keys)
            {
                _changed.TryRemove(poolId, out _);
                Check(poolId);
            }

            await Task.Delay(MinimumGap, _time, cancellationToken);
        }
    }

    private void Check(string poolId)
    {
        var pool = _book.GetPool(ProjectScope.All, poolId);
        var panic = pool?.Panic;
        var was = _inPanic.GetValueOrDefault(poolId);
        if (panic is null)
        {
            if (was is not null && _inPanic.Remove(poolId) && pool is not null)
            {
                _hub.Publish(new PanicChange(pool.Pool, null, _time.GetUtcNow()));
            }

            return;
        }

        if (was is null || !was.SequenceEqual(panic.Kept, StringComparer.Ordinal))
        {
            _inPanic[poolId] = panic.Kept;
            _hub.Publish(new PanicChange(pool!.Pool, panic, _time.GetUtcNow()));
        }
    }
}
