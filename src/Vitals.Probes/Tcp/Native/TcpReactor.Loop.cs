using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;

namespace Vitals.Probes.Tcp.Native;

/// <summary>The reactor thread: the loop, starts, completions and deadlines.</summary>
internal sealed partial class TcpReactor
{
    private void Run()
    {
        Exception? fault = null;
        try
        {
            var pollAgain = false;
            while (true)
            {
                var count = LibC.EpollWait(_epollFd, _events, MaxEvents, pollAgain ? 0 : NextTimeoutMs());
                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr)
                    {
                        continue;
                    }

                    fault = new InvalidOperationException($"the TCP check reactor stopped: epoll_wait failed (errno {errno})");
                    break;
                }

                var woken = false;
                for (var i = 0; i < count; i++)
                {
                    var data = BinaryPrimitives.ReadUInt64LittleEndian(_events.AsSpan((i * LibC.EpollEventSize) + LibC.EpollDataOffset));
                    if (data == WakeData)
                    {
                        woken = true;
                    }
                    else
                    {
                        OnReady(data);
                    }
                }

                if (woken && !TakeQueue())
                {
                    break;
                }

                ExpireDeadlines(_timeProvider.GetTimestamp());

                // Events came: more are likely right behind them (the connects just issued), so look again without
                // sleeping; sleep only once a look finds nothing.
                pollAgain = count > 0;
            }
        }
#pragma warning disable CA1031 // the reactor must end its checks whatever went wrong, or their callers would wait forever
        catch (Exception ex)
#pragma warning restore CA1031
        {
            fault = ex;
        }
        finally
        {
            Shutdown(fault);
        }
    }

    /// <summary>Starts the queued checks, then applies cancellations; false when the reactor must stop.</summary>
    private bool TakeQueue()
    {
        // Drain the eventfd, THEN clear the flag, then read the queue. The other order lost wake-ups: a caller's write
        // landing between the clear and the drain was swallowed while its flag stayed set, so every later Wake() saw
        // the flag and wrote nothing, and queued checks waited forever (seen as a hung TCP check under load). Now a
        // caller that finds the flag set ran before the clear, so its start is already queued for the read below;
        // one that sets it after the clear writes after the drain, and that write wakes the next round.
        LibC.Read(_eventFd, out _, sizeof(ulong));
        Interlocked.Exchange(ref _wakeRequested, 0);
        bool stop;
        lock (_queueLock)
        {
            (_starts, _takenStarts) = (_takenStarts, _starts);
            (_cancels, _takenCancels) = (_takenCancels, _cancels);
            (_cancelledTokens, _takenTokens) = (_takenTokens, _cancelledTokens);
            stop = _stopRequested;
        }

        if (stop)
        {
            return false;
        }

        foreach (var operation in _takenStarts)
        {
            if (operation.Token.IsCancellationRequested)
            {
                Cancel(operation);
            }
            else
            {
                Start(operation);
            }
        }

        _takenStarts.Clear();
        foreach (var (operation, generation) in _takenCancels)
        {
            if (operation.Generation == generation && operation.Slot >= 0)
            {
                Detach(operation);
                Cancel(operation);
            }
        }

        _takenCancels.Clear();
        foreach (var token in _takenTokens)
        {
            CancelRunning(token, exception: null);
        }

        _takenTokens.Clear();
        return true;
    }

    private void Start(NativeTcpOperation operation)
    {
        var address = operation.Address;
        var fd = LibC.Socket(address.Family, LibC.SockStream | LibC.SockNonBlock | LibC.SockCloExec, 0);
        if (fd < 0)
        {
            Fail(operation, Marshal.GetLastPInvokeError(), ProbePhase.Socket);
            return;
        }

        // RST on close (no TIME_WAIT), and delayed ACK so the RST replaces the handshake's last ACK: half-open.
        if (LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoLinger, in ResetOnClose, Marshal.SizeOf<LibC.Linger>()) != 0
            || LibC.SetSockOpt(fd, LibC.IpProtoTcp, LibC.TcpQuickAck, 0, sizeof(int)) != 0)
        {
            FailAndClose(operation, fd, ProbePhase.Socket);
            return;
        }

        if (LibC.Connect(fd, address.Bytes, address.Bytes.Length) == 0)
        {
            LibC.Close(fd);
            Pass(operation);
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != LibC.EInProgress)
        {
            LibC.Close(fd);
            Fail(operation, errno, ProbePhase.Connect);
            return;
        }

        var slot = TakeSlot(operation);
        if (!TryAdd(_epollFd, fd, LibC.EpollOut, ((ulong)(uint)operation.Generation << 32) | (uint)slot, _controlEvent))
        {
            ReleaseSlot(operation);
            FailAndClose(operation, fd, ProbePhase.Socket);
            return;
        }

        operation.Fd = fd;
        ListFor(operation.TimeoutTicks).Add(operation);
        _running++;
    }

    /// <summary>The socket of a check is writable or in error: the handshake ended one way or the other.</summary>
    private void OnReady(ulong data)
    {
        var slot = (int)(uint)data;
        var operation = slot < _slotCount ? _slots[slot] : null;
        if (operation is null || operation.Generation != (int)(data >> 32))
        {
            return; // a check that already ended
        }

        var length = sizeof(int);
        var error = LibC.GetSockOpt(operation.Fd, LibC.SolSocket, LibC.SoError, out var soError, ref length) == 0
            ? soError
            : Marshal.GetLastPInvokeError();
        Detach(operation);
        if (error == 0)
        {
            Pass(operation);
        }
        else
        {
            Fail(operation, error, ProbePhase.Connect);
        }
    }

    private void ExpireDeadlines(long now)
    {
        foreach (var list in _timeoutLists)
        {
            while (list.Head is { } operation && operation.Deadline <= now)
            {
                Detach(operation);
                Complete(operation, ProbeFailures.ConnectTimeout.ToResult(Timings(operation, connected: false), operation.CheckedAt));
            }
        }
    }

    /// <summary>Milliseconds to the next deadline, rounded up so a wait never ends just before it; -1 for none.</summary>
    private int NextTimeoutMs()
    {
        var next = long.MaxValue;
        foreach (var list in _timeoutLists)
        {
            if (list.Head is { } head && head.Deadline < next)
            {
                next = head.Deadline;
            }
        }

        if (next == long.MaxValue)
        {
            return -1;
        }

        var remaining = next - _timeProvider.GetTimestamp();
        if (remaining <= 0)
        {
            return 0;
        }

        var frequency = _timeProvider.TimestampFrequency;
        return (int)Math.Min(int.MaxValue, ((remaining * 1000) + frequency - 1) / frequency);
    }

    private TimeoutList ListFor(long timeoutTicks)
    {
        foreach (var list in _timeoutLists)
        {
            if (list.TimeoutTicks == timeoutTicks)
            {
                return list;
            }
        }

        var added = new TimeoutList(timeoutTicks);
        _timeoutLists.Add(added);
        return added;
    }

    /// <summary>Takes a running check out of the reactor (slot, deadline list, socket) before it completes.</summary>
    private void Detach(NativeTcpOperation operation)
    {
        ReleaseSlot(operation);
        operation.List?.Remove(operation);
        if (operation.Fd >= 0)
        {
            LibC.Close(operation.Fd); // SO_LINGER {1, 0}: RST; closing also removes it from the epoll set
            operation.Fd = -1;
        }

        _running--;
    }

    private void Pass(NativeTcpOperation operation)
        => Complete(operation, ProbeResult.Pass(CheckCode.L4Ok, Timings(operation, connected: true), operation.CheckedAt));

    private void FailAndClose(NativeTcpOperation operation, int fd, ProbePhase phase)
    {
        var errno = Marshal.GetLastPInvokeError();
        LibC.Close(fd);
        Fail(operation, errno, phase);
    }

    private void Fail(NativeTcpOperation operation, int errno, ProbePhase phase)
    {
        var error = Errno.ToSocketError(errno);
        var message = error == SocketError.SocketError ? Marshal.GetPInvokeErrorMessage(errno) : null;
        Complete(operation, ProbeFailures.FromSocketError(error, phase, message).ToResult(Timings(operation, connected: false), operation.CheckedAt));
    }

    private ProbeTimings Timings(NativeTcpOperation operation, bool connected)
    {
        var micros = ProbeTimings.Micros(_timeProvider.GetElapsedTime(operation.StartTimestamp));
        return new ProbeTimings(connected ? micros : -1, -1, -1, micros);
    }

    private static void Complete(NativeTcpOperation operation, in ProbeResult result)
    {
        // Unregister first: after SetResult the operation may already be reused by another check.
        operation.Registration.Dispose();
        operation.SetResult(result);
    }

    private static void Cancel(NativeTcpOperation operation, Exception? exception = null)
    {
        operation.Registration.Dispose();
        operation.SetException(exception ?? new OperationCanceledException(operation.Token));
    }

    private void CancelRunning(CancellationToken? token, Exception? exception)
    {
        for (var slot = 0; slot < _slotCount; slot++)
        {
            if (_slots[slot] is { } operation && (token is null || operation.Token == token.Value))
            {
                Detach(operation);
                Cancel(operation, exception);
            }
        }
    }

    private int TakeSlot(NativeTcpOperation operation)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _freeSlots[--_freeCount];
        }
        else
        {
            if (_slotCount == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
                Array.Resize(ref _freeSlots, _slots.Length);
            }

            slot = _slotCount++;
        }

        _slots[slot] = operation;
        operation.Slot = slot;
        return slot;
    }

    private void ReleaseSlot(NativeTcpOperation operation)
    {
        if (operation.Slot >= 0)
        {
            _slots[operation.Slot] = null;
            _freeSlots[_freeCount++] = operation.Slot;
            operation.Slot = -1;
        }
    }

    /// <summary>Ends every check (running or queued) and closes the epoll set and the eventfd.</summary>
    private void Shutdown(Exception? fault)
    {
        lock (_queueLock)
        {
            _stopRequested = true;
            (_starts, _takenStarts) = (_takenStarts, _starts);
        }

        CancelRunning(token: null, fault);
        foreach (var operation in _takenStarts)
        {
            Cancel(operation, fault);
        }

        _takenStarts.Clear();
        lock (_queueLock)
        {
            _stopped = true;
            LibC.Close(_eventFd);
            LibC.Close(_epollFd);
        }
    }
}
