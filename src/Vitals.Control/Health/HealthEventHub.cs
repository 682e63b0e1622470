using Vitals.Core.Resources;
using Vitals.Engine;

namespace Vitals.Control.Health;

/// <summary>
/// Fans the engine's events out to the open subscribers (event streams, and later notifiers), each seeing only its own
/// project's members, as typed <see cref="HealthChange"/> values: each surface words them its own way.
/// </summary>
internal sealed class HealthEventHub
{
    private readonly Lock _lock = new();
    private EventSubscriber[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    /// <summary>A subscriber to the changes of <paramref name="projectId"/>; null for every project.</summary>
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

    /// <summary>Hands one event of <paramref name="member"/> to every subscriber of its project; built only when one listens.</summary>
    /// <param name="member">The member the event is about.</param>
    /// <param name="healthEvent">The engine's (or the coordinator's) event.</param>
    /// <param name="now">Stamped on a flapping event.</param>
    /// <param name="unavailable">For a transition to Unavailable: which switch caused it (see <see cref="HealthReasons.Unavailable"/>).</param>
    public void Publish(Member member, HealthEvent healthEvent, DateTimeOffset now, string? unavailable = null)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        HealthChange? change = null;
        foreach (var subscriber in subscribers)
        {
            if (subscriber.ProjectId is { } projectId && !string.Equals(projectId, member.ProjectId, StringComparison.Ordinal))
            {
                continue;
            }

            change ??= new HealthChange(member, healthEvent, now, unavailable);
            subscriber.Queue.Writer.TryWrite(change);
        }
    }

    /// <summary>
    /// Called with every panic change before the subscribers get it, on the publisher's thread; never dropped (the
    /// subscribers' queues drop their oldest events when they fall behind). One observer: the notification desk.
    /// </summary>
    public Action<PanicChange>? PanicObserver { get; set; }

    /// <summary>Hands a pool's panic change to the observer and to every subscriber of its project.</summary>
    public void Publish(PanicChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        PanicObserver?.Invoke(change);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.ProjectId is null || string.Equals(subscriber.ProjectId, change.ProjectId, StringComparison.Ordinal))
            {
                subscriber.Queue.Writer.TryWrite(change);
            }
        }
    }
}
