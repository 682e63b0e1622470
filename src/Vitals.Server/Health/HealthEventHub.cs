using System.Text.Json;
using Vitals.Core.Resources;
using Vitals.Engine;

namespace Vitals.Server.Health;

/// <summary>Fans the engine's events out to the open event streams, each seeing only its own project's members.</summary>
internal sealed class HealthEventHub
{
    private readonly Lock _lock = new();
    private EventSubscriber[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    public EventSubscriber Subscribe(string? projectId)
    {
        var subscriber = new EventSubscriber(this, projectId);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return subscriber;
    }

    public void Unsubscribe(EventSubscriber subscriber)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_subscribers, subscriber);
            if (index >= 0)
            {
                var next = new EventSubscriber[_subscribers.Length - 1];
                Array.Copy(_subscribers, 0, next, 0, index);
                Array.Copy(_subscribers, index + 1, next, index, next.Length - index);
                _subscribers = next;
            }
        }
    }

    /// <summary>Streams one event of <paramref name="member"/>; serialised only when someone of its project listens.</summary>
    /// <param name="member">The member the event is about.</param>
    /// <param name="healthEvent">The engine's (or the coordinator's) event.</param>
    /// <param name="now">Stamped on a flapping event.</param>
    /// <param name="unavailable">For a transition to Unavailable: which switch caused it (see <see cref="HealthReasons.Unavailable"/>).</param>
    public void Publish(Member member, HealthEvent healthEvent, DateTimeOffset now, string? unavailable = null)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        LiveEvent? transition = null;
        LiveEvent? flapping = null;
        foreach (var subscriber in subscribers)
        {
            if (subscriber.ProjectId is { } projectId && !string.Equals(projectId, member.ProjectId, StringComparison.Ordinal))
            {
                continue;
            }

            if (healthEvent.Transition is { } t)
            {
                transition ??= new LiveEvent("transition", JsonSerializer.Serialize(HealthViews.TransitionEvent(member, t, unavailable),
                    HealthJsonContext.Default.TransitionEventDto));
                subscriber.Queue.Writer.TryWrite(transition.Value);
            }

            if (healthEvent.FlappingNow is { } mark)
            {
                flapping ??= new LiveEvent("flapping", JsonSerializer.Serialize(new FlappingEventDto(member.Id, member.PoolId, mark, now),
                    HealthJsonContext.Default.FlappingEventDto));
                subscriber.Queue.Writer.TryWrite(flapping.Value);
            }
        }
    }
}
