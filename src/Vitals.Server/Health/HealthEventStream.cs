using System.Text;
using System.Text.Json;
using Vitals.Control.Health;
using Vitals.Server.Api;

namespace Vitals.Server.Health;

/// <summary>
/// <c>GET /api/v1/events</c>: server-sent events of the caller's project (<c>transition</c>, <c>flapping</c>, and
/// <c>warning</c> when a slow reader lost events), a comment line every <see cref="HeartbeatInterval"/> so proxies keep
/// the connection, until the client goes away or the server stops.
/// </summary>
internal static class HealthEventStream
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(HttpContext context, HealthEventHub hub, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var caller = context.GetCaller();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        using var subscriber = hub.Subscribe(caller.IsAdmin ? null : caller.ProjectId);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync(": connected\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            await PumpAsync(response, subscriber, time, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client left or the server is stopping: the stream simply ends
        }
    }

    private static async Task PumpAsync(HttpResponse response, EventSubscriber subscriber, TimeProvider time, CancellationToken cancellationToken)
    {
        var reader = subscriber.Queue.Reader;
        var text = new StringBuilder();
        Task<bool>? waiting = null;
        Task? heartbeat = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            waiting ??= reader.WaitToReadAsync(cancellationToken).AsTask();
            heartbeat ??= Task.Delay(HeartbeatInterval, time, cancellationToken);
            if (await Task.WhenAny(waiting, heartbeat) == heartbeat)
            {
                heartbeat = null;
                cancellationToken.ThrowIfCancellationRequested();
                await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }

            if (!await waiting)
            {
                return;
            }

            waiting = null;
            text.Clear();
            if (subscriber.TakeDropped() is > 0 and var dropped)
            {
                Append(text, "warning", JsonSerializer.Serialize(
                    new DroppedEventDto(dropped, "the stream fell behind; older events were dropped"), HealthJsonContext.Default.DroppedEventDto));
            }

            while (reader.TryRead(out var change))
            {
                Append(text, change);
            }

            await response.WriteAsync(text.ToString(), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>A change as its events: <c>transition</c> and/or <c>flapping</c>.</summary>
    private static void Append(StringBuilder text, HealthChange change)
    {
        var member = change.Member;
        if (change.Event.Transition is { } transition)
        {
            Append(text, "transition", JsonSerializer.Serialize(HealthViews.TransitionEvent(member, transition, change.Unavailable),
                HealthJsonContext.Default.TransitionEventDto));
        }

        if (change.Event.FlappingNow is { } flapping)
        {
            Append(text, "flapping", JsonSerializer.Serialize(new FlappingEventDto(member.Id, member.PoolId, flapping, change.At),
                HealthJsonContext.Default.FlappingEventDto));
        }
    }

    private static void Append(StringBuilder text, string name, string data) =>
        text.Append("event: ").Append(name).Append('\n').Append("data: ").Append(data).Append("\n\n");
}
