using System.Text;
using System.Text.Json;
using Vitals.Control.Access;
using Vitals.Control.Health;
using Vitals.Server.Api;
using Vitals.Server.Auth;
using Vitals.Server.Traffic;

namespace Vitals.Server.Health;

/// <summary>
/// <c>GET /api/v1/events</c>: server-sent events of the caller's project (<c>transition</c>, <c>flapping</c>, and
/// <c>warning</c> when a slow reader lost events), a comment line every <see cref="HeartbeatInterval"/> so proxies keep
/// the connection, until the client goes away, the server stops, or the token that opened it stops being valid: a
/// revoke or rotate ends the stream at once (<see cref="TokenService.ForgetSignal"/>), an expiry at the next heartbeat,
/// with a last <c>revoked</c> event.
/// </summary>
internal static class HealthEventStream
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(HttpContext context, HealthEventHub hub, TimeProvider time, IHostApplicationLifetime lifetime,
        CallerResolver callers, TokenService tokens)
    {
        var caller = context.GetCaller();
        var token = CallerResolver.TokenOf(context.Request) ?? "";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        using var subscriber = hub.Subscribe(caller.IsAdmin ? null : caller.ProjectId);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            // Before the client can see the stream open: a revoke from now on wakes the stream.
            var access = new StreamAccess(callers, tokens, token);
            var forgetSignal = tokens.ForgetSignal;
            await response.WriteAsync(": connected\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            await PumpAsync(response, subscriber, time, access, forgetSignal, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client left or the server is stopping: the stream simply ends
        }
    }

    private static async Task PumpAsync(HttpResponse response, EventSubscriber subscriber, TimeProvider time, StreamAccess access,
        CancellationToken forgetSignal, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        Task<bool>? waiting = null;
        Task? heartbeat = null;
        // Linked, so that the registration on the service's signal goes away with this stream.
        var forgetting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, forgetSignal);
        var forgotten = Task.Delay(Timeout.InfiniteTimeSpan, forgetting.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                waiting ??= subscriber.Queue.Reader.WaitToReadAsync(cancellationToken).AsTask();
                heartbeat ??= Task.Delay(HeartbeatInterval, time, cancellationToken);
                var woke = await Task.WhenAny(waiting, heartbeat, forgotten);
                cancellationToken.ThrowIfCancellationRequested();
                if (woke == waiting)
                {
                    if (!await waiting)
                    {
                        return;
                    }

                    waiting = null;
                    await WriteQueuedAsync(response, subscriber, text, cancellationToken);
                    continue;
                }

                var isHeartbeat = woke == heartbeat;
                if (isHeartbeat)
                {
                    heartbeat = null;
                }
                else
                {
                    // The next signal is taken before the check, so a forget during the check wakes the stream again.
                    forgetting.Dispose();
                    forgetting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, access.Tokens.ForgetSignal);
                    forgotten = Task.Delay(Timeout.InfiniteTimeSpan, forgetting.Token);
                }

                if (!await access.IsStillValidAsync(cancellationToken))
                {
                    await response.WriteAsync(RevokedEvent, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    return;
                }

                if (isHeartbeat)
                {
                    await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        finally
        {
            forgetting.Dispose();
        }
    }

    private const string RevokedEvent = "event: revoked\ndata: {\"message\":\"the token of this stream was revoked, rotated or expired\"}\n\n";

    /// <summary>Writes what the queue holds now, after a warning when events were dropped.</summary>
    private static async Task WriteQueuedAsync(HttpResponse response, EventSubscriber subscriber, StringBuilder text, CancellationToken cancellationToken)
    {
        text.Clear();
        if (subscriber.TakeDropped() is > 0 and var dropped)
        {
            Append(text, "warning", JsonSerializer.Serialize(
                new DroppedEventDto(dropped, "the stream fell behind; older events were dropped"), HealthJsonContext.Default.DroppedEventDto));
        }

        while (subscriber.Queue.Reader.TryRead(out var change))
        {
            Append(text, change);
        }

        await response.WriteAsync(text.ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A change as its events: <c>transition</c> and/or <c>flapping</c> for a member, <c>panic</c> for a pool.</summary>
    private static void Append(StringBuilder text, HubChange change)
    {
        switch (change)
        {
            case HealthChange health:
                Append(text, health);
                break;
            case PanicChange panic:
                Append(text, "panic", JsonSerializer.Serialize(new PanicEventDto(panic.Pool.Id, panic.Pool.LoadBalancerId, panic.Panic is not null,
                    PanicDto.Of(panic.Panic), panic.At), HealthJsonContext.Default.PanicEventDto));
                break;
        }
    }

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

    /// <summary>The token a stream was opened with, checked again when tokens are forgotten and at every heartbeat.</summary>
    private sealed class StreamAccess(CallerResolver callers, TokenService tokens, string token)
    {
        public TokenService Tokens { get; } = tokens;

        public async ValueTask<bool> IsStillValidAsync(CancellationToken cancellationToken) =>
            await callers.ResolveAsync(token, cancellationToken) is not null;
    }
}
