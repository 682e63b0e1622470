namespace Vitals.Probes.Tcp.Native;

/// <summary>
/// The running checks that share one timeout, oldest first: checks start in time order, so their deadlines are in
/// order too and the head is always the next to expire. Adding, removing and finding the next deadline are O(1),
/// with no allocation and no stale entries (unlike a heap with lazy deletion). Timeouts are whole seconds in
/// practice, so a reactor holds only a handful of lists. Reactor thread only.
/// </summary>
internal sealed class TimeoutList(long timeoutTicks)
{
    public long TimeoutTicks { get; } = timeoutTicks;

    public NativeTcpOperation? Head { get; private set; }

    private NativeTcpOperation? _tail;

    public void Add(NativeTcpOperation operation)
    {
        operation.List = this;
        operation.Previous = _tail;
        operation.Next = null;
        if (_tail is null)
        {
            Head = operation;
        }
        else
        {
            _tail.Next = operation;
        }

        _tail = operation;
    }

    public void Remove(NativeTcpOperation operation)
    {
        if (operation.Previous is null)
        {
            Head = operation.Next;
        }
        else
        {
            operation.Previous.Next = operation.Next;
        }

        if (operation.Next is null)
        {
            _tail = operation.Previous;
        }
        else
        {
            operation.Next.Previous = operation.Previous;
        }

        operation.List = null;
        operation.Previous = null;
        operation.Next = null;
    }
}
