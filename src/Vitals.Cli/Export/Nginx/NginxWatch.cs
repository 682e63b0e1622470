using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Vitals.Cli.Client;
using Vitals.Cli.Remote;

namespace Vitals.Cli.Export.Nginx;

/// <summary>
/// <c>vitals export nginx --watch FILE [--reload-pidfile PIDFILE]</c>: keeps FILE equal to what the export writes now.
/// The server's event stream (<c>/api/v1/events</c>) wakes it at once on a transition; a poll every interval is the
/// safety net (drains, switched-off members, new members and panics raise no event). A change is written
/// <see cref="Debounce"/> after the last event (a burst of verdicts is one reload), atomically, and only when the bytes
/// differ; then nginx is sent SIGHUP and one line says what moved. While the server is unreachable FILE stays as it
/// is and reads back off up to <see cref="MaxBackoff"/>; a failed reload (no or stale pid file) is reported and tried
/// again at each tick. Ctrl+C ends it with exit code 0.
/// </summary>
internal sealed class NginxWatch(RemoteContext context, NginxSelection selection, NginxStandalone? standalone, string file,
    NginxReloader? reloader, TimeSpan interval, TimeProvider time)
{
    /// <summary>Quiet time after the last event before the file is written.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest a stream of events may hold the write back.</summary>
    public static readonly TimeSpan MaxDebounce = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries while the server is unreachable.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private Task<bool>? _waiting;
    private string? _lastError;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = FollowEventsAsync(wake.Writer, stop.Token);
        try
        {
            await context.Stdout.WriteLineAsync($"{Now()} watching {context.Client.Config.Server} for {file}"
                + (reloader is null ? "" : $", reloading nginx by {reloader.PidFile}") + " (Ctrl+C to stop)");
            await context.Stdout.FlushAsync(CancellationToken.None);
            return await LoopAsync(wake.Reader, stop.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Stdout.WriteLineAsync($"{Now()} stopped; {file} is left as it is");
            return ExitCodes.Success;
        }
        finally
        {
            await stop.CancelAsync();
            await events;
        }
    }

    private async Task<int> LoopAsync(ChannelReader<bool> wake, CancellationToken cancellationToken)
    {
        var current = AtomicFile.TryRead(file);
        NginxFleet? loaded = null; // what nginx was last told to load (null: not known)
        var reloadPending = false;
        var failures = 0;
        for (var round = 0; ; round++)
        {
            if (round > 0)
            {
                var wait = failures == 0 ? interval : Backoff(interval, failures);
                if (await SignalledWithinAsync(wake, wait, cancellationToken))
                {
                    await DebounceAsync(wake, cancellationToken);
                }
            }

            NginxFleet? fleet;
            string? problem;
            try
            {
                (fleet, problem, _) = await NginxFleetReader.ReadAsync(context.Client, selection, cancellationToken);
            }
            catch (ApiException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await context.Stderr.WriteLineAsync($"error: {e.Message}; the token is refused, so the watch stops ({file} is left as it is)");
                return ExitCodes.InvalidUsage;
            }
            catch (Exception e) when (e is ServerUnreachableException or ApiException)
            {
                failures++;
                await ReportAsync($"{e.Message}; {file} stays as it is, next try in {Backoff(interval, failures).TotalSeconds:0.#} s");
                continue;
            }

            if (failures > 0)
            {
                failures = 0;
                await context.Stdout.WriteLineAsync($"{Now()} the server answers again");
            }

            if (fleet is null)
            {
                await ReportAsync($"{problem}; {file} stays as it is");
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(NginxConfig.Render(fleet, selection, standalone, context.Client.Config.Server));
            var changes = NginxChanges.Describe(loaded, fleet);
            if (current is null || !bytes.AsSpan().SequenceEqual(current))
            {
                try
                {
                    AtomicFile.Replace(file, bytes);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await ReportAsync($"cannot write {file}: {e.Message}");
                    continue;
                }

                current = bytes;
                reloadPending = reloader is not null;
                if (reloader is null)
                {
                    loaded = fleet;
                    await LogAsync($"wrote {file}: {changes}");
                }
            }
            else if (loaded is null && !reloadPending)
            {
                loaded = fleet; // already current at start: nginx is taken to have loaded it
                await LogAsync($"{file} is current: {changes}");
            }

            if (reloadPending && reloader is not null)
            {
                if (reloader.Reload(out var reloadError) is { } pid)
                {
                    reloadPending = false;
                    loaded = fleet;
                    await LogAsync($"wrote {file}, reloaded nginx (pid {pid.ToString(CultureInfo.InvariantCulture)}): {changes}");
                }
                else
                {
                    await ReportAsync($"{reloadError}; {file} is written, the reload is tried again in {interval.TotalSeconds:0.#} s");
                    continue;
                }
            }

            _lastError = null;
        }
    }

    /// <summary>Follows the event stream; every event (and every reconnection, which may have missed some) wakes the loop.</summary>
    private async Task FollowEventsAsync(ChannelWriter<bool> wake, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var response = await context.Client.OpenEventsAsync(cancellationToken);
                failures = 0;
                wake.TryWrite(true);
                await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith("event:", StringComparison.Ordinal))
                    {
                        wake.TryWrite(true);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ServerUnreachableException or ApiException or IOException or HttpRequestException)
            {
                // the poll reports the server's state; the stream only wakes it
            }

            failures++;
            try
            {
                await Task.Delay(Backoff(interval, failures), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>True when woken within <paramref name="timeout"/>; the pending wait is kept for the next call, so none piles up.</summary>
    private async Task<bool> SignalledWithinAsync(ChannelReader<bool> wake, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _waiting ??= wake.WaitToReadAsync(cancellationToken).AsTask();
        if (!_waiting.IsCompleted)
        {
            using var delayStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(_waiting, Task.Delay(timeout, time, delayStop.Token));
            await delayStop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (!_waiting.IsCompleted)
            {
                return false;
            }
        }

        var open = await _waiting;
        _waiting = null;
        while (wake.TryRead(out _))
        {
        }

        return open;
    }

    /// <summary>Waits until no event came for <see cref="Debounce"/>, at most <see cref="MaxDebounce"/> in all.</summary>
    private async Task DebounceAsync(ChannelReader<bool> wake, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < MaxDebounce && await SignalledWithinAsync(wake, Debounce, cancellationToken))
        {
        }
    }

    /// <summary><paramref name="interval"/> doubled per failure, at most <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(TimeSpan interval, int failures)
    {
        var seconds = interval.TotalSeconds * Math.Pow(2, Math.Min(failures, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
    }

    private async Task LogAsync(string line)
    {
        await context.Stdout.WriteLineAsync($"{Now()} {line}");
        await context.Stdout.FlushAsync(CancellationToken.None);
    }

    /// <summary>An error on stderr, once until it changes or things work again (a long outage is one line, not one per try).</summary>
    private async Task ReportAsync(string message)
    {
        if (message == _lastError)
        {
            return;
        }

        _lastError = message;
        await context.Stderr.WriteLineAsync($"{Now()} error: {message}");
        await context.Stderr.FlushAsync(CancellationToken.None);
    }

    private string Now() => time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
