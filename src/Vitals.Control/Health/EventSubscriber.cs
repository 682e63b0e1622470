using System.Threading.Channels;

namespace Vitals.Control.Health;

/// <summary>
/// One open event stream: a bounded queue of the events of its project (all projects for the admin). A reader that
/// falls behind loses the oldest events, counted in <see cref="TakeDropped"/>, rather than making the queue grow.
/// </summary>
internal sealed class EventSubscriber : IDisposable
{
    public const int Capacity = 1024;

    private readonly HealthEventHub _hub;
    private int _dropped;

    public EventSubscriber(HealthEventHub hub, string? projectId)
    {
        _hub = hub;
        ProjectId = projectId;
        Queue = Channel.CreateBounded<HubChange>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>The project whose events this stream receives; null for every project.</summary>
    public string? ProjectId { get; }

    public Channel<HubChange> Queue { get; }

    /// <summary>How many events were dropped since the last call.</summary>
    public int TakeDropped() => Interlocked.Exchange(ref _dropped, 0);

    public void Dispose()
    {
        _hub.Unsubscribe(this);
        Queue.Writer.TryComplete();
    }
}
