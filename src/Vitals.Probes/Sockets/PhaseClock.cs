using Vitals.Core.Probing;

namespace Vitals.Probes.Sockets;

/// <summary>Phase timings of one check in microseconds since its start; a mutable struct kept in the async state.</summary>
internal struct PhaseClock(TimeProvider timeProvider, long startTimestamp)
{
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly long _start = startTimestamp;
    private int _connect = -1;
    private int _tls = -1;
    private int _firstByte = -1;

    public readonly long StartTimestamp => _start;

    public void Connected() => _connect = Now();

    public void TlsDone() => _tls = Now();

    /// <summary>Records the first answer byte; later calls keep the first.</summary>
    public void FirstByte()
    {
        if (_firstByte < 0)
        {
            _firstByte = Now();
        }
    }

    public readonly ProbeTimings Timings() => new(_connect, _tls, _firstByte, Now());

    private readonly int Now() => ProbeTimings.Micros(_timeProvider.GetElapsedTime(_start));
}
