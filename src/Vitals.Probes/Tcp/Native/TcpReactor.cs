using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vitals.Probes.Tcp.Native;

/// <summary>
/// HAProxy's way of running TCP checks, in one thread: take the queued starts, issue their non-blocking connects,
/// then collect every completion with one <c>epoll_wait</c> (polled again at once while events keep coming), then
/// sleep until the next deadline or a wake-up. Deadlines live in per-timeout lists, not in timers; a wake-up is an
/// eventfd write, made once per batch of starts. Completions run their continuation inline on this thread.
/// Everything below <see cref="Run"/> is touched only by the reactor thread; the queue is shared under a lock.
/// </summary>
internal sealed partial class TcpReactor : IDisposable
{
    private const int MaxEvents = 512;
    private const ulong WakeData = ulong.MaxValue;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(10);
    private static readonly LibC.Linger ResetOnClose = new(1, 0);

    private readonly TimeProvider _timeProvider;
    private readonly int _epollFd;
    private readonly int _eventFd;
    private readonly Thread _thread;

    // Shared with the threads that start and cancel checks, under _queueLock.
    private readonly Lock _queueLock = new();
    private List<NativeTcpOperation> _starts = new(256);
    private List<(NativeTcpOperation Operation, int Generation)> _cancels = [];
    private List<CancellationToken> _cancelledTokens = [];
    private bool _stopRequested;
    private bool _stopped;
    private int _wakeRequested;

    // Reactor thread only.
    private readonly byte[] _events = new byte[MaxEvents * LibC.EpollEventSize];
    private readonly byte[] _controlEvent = new byte[LibC.EpollEventSize];
    private readonly List<TimeoutList> _timeoutLists = [];
    private List<NativeTcpOperation> _takenStarts = new(256);
    private List<(NativeTcpOperation Operation, int Generation)> _takenCancels = [];
    private List<CancellationToken> _takenTokens = [];
    private NativeTcpOperation?[] _slots = new NativeTcpOperation?[1024];
    private int[] _freeSlots = new int[1024];
    private int _freeCount;
    private int _slotCount;
    private int _running;

    private TcpReactor(TimeProvider timeProvider, int epollFd, int eventFd)
    {
        _timeProvider = timeProvider;
        _epollFd = epollFd;
        _eventFd = eventFd;
        _thread = new Thread(Run) { IsBackground = true, Name = "vitals-tcp-reactor" };
    }

    /// <summary>Checks issued and not yet ended (reactor thread's view; for tests).</summary>
    public int Running => Volatile.Read(ref _running);

    public bool IsReactorThread => Thread.CurrentThread == _thread;

    public bool IsThreadAlive => _thread.IsAlive;

    /// <summary>A running reactor, or null with the errno of the call that failed.</summary>
    public static TcpReactor? TryCreate(TimeProvider timeProvider, out int errno)
    {
        errno = 0;
        int epollFd = -1, eventFd = -1;
        try
        {
            epollFd = LibC.EpollCreate1(LibC.EpollCloExec);
            eventFd = epollFd < 0 ? -1 : LibC.EventFd(0, LibC.EfdNonBlock | LibC.EfdCloExec);
            Span<byte> wake = stackalloc byte[LibC.EpollEventSize];
            if (eventFd < 0 || !TryAdd(epollFd, eventFd, LibC.EpollIn, WakeData, wake))
            {
                errno = Marshal.GetLastPInvokeError();
                CloseIfOpen(eventFd);
                CloseIfOpen(epollFd);
                return null;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            CloseIfOpen(eventFd);
            CloseIfOpen(epollFd);
            errno = -1;
            return null;
        }

        var reactor = new TcpReactor(timeProvider, epollFd, eventFd);
        reactor._thread.UnsafeStart();
        return reactor;
    }

    /// <summary>Queues a start; false once the reactor has stopped.</summary>
    public bool Enqueue(NativeTcpOperation operation)
    {
        lock (_queueLock)
        {
            if (_stopRequested)
            {
                return false;
            }

            _starts.Add(operation);
            return true;
        }
    }

    /// <summary>Makes the reactor take its queue; one eventfd write however many callers ask before it does.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _wakeRequested, 1) == 0)
        {
            WriteEventFd();
        }
    }

    /// <summary>Host cancellation of one check (any thread).</summary>
    public void RequestCancel(NativeTcpOperation operation, int generation)
    {
        lock (_queueLock)
        {
            _cancels.Add((operation, generation));
        }

        Wake();
    }

    /// <summary>Host cancellation of every check started with <paramref name="token"/> (any thread).</summary>
    public void CancelAll(CancellationToken token)
    {
        lock (_queueLock)
        {
            _cancelledTokens.Add(token);
        }

        Wake();
    }

    /// <summary>Stops the thread; running and queued checks end with <see cref="OperationCanceledException"/>.</summary>
    public void Dispose()
    {
        lock (_queueLock)
        {
            if (_stopRequested)
            {
                return;
            }

            _stopRequested = true;
        }

        WriteEventFd();
        if (!IsReactorThread)
        {
            _thread.Join(JoinTimeout);
        }
    }

    private void WriteEventFd()
    {
        // Under the lock so that no write can reach the eventfd's number after the reactor closed it.
        lock (_queueLock)
        {
            if (!_stopped)
            {
                LibC.Write(_eventFd, 1UL, sizeof(ulong));
            }
        }
    }

    private static bool TryAdd(int epollFd, int fd, uint events, ulong data, Span<byte> buffer)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, events);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer[LibC.EpollDataOffset..], data);
        return LibC.EpollCtl(epollFd, LibC.EpollCtlAdd, fd, buffer) == 0;
    }

    private static void CloseIfOpen(int fd)
    {
        if (fd >= 0)
        {
            LibC.Close(fd);
        }
    }
}
