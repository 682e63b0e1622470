using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The state of one gRPC check, shared between <see cref="GrpcProber"/> and the connect callback that
/// <see cref="System.Net.Http.SocketsHttpHandler"/> runs on its own schedule (it travels in the request's options):
/// the deadline, the phase reached, the phase timings and a failure the callback already classified.
/// </summary>
internal sealed class GrpcCheck(ProbeTarget target, TimeProvider timeProvider, long startTimestamp, CancellationToken token)
{
    /// <summary>Where <see cref="System.Net.Http.SocketsHttpHandler"/> carries the check to the connect callback.</summary>
    public static readonly HttpRequestOptionsKey<GrpcCheck> OptionsKey = new("Vitals.Probes.GrpcCheck");

    private int _phase;
    private int _connectMicros = -1;
    private int _tlsMicros = -1;
    private int _firstByteMicros = -1;
    // Boxed so that the first failure can be recorded with one compare-exchange.
    private StrongBox<ProbeFailure>? _failure;
    private Socket? _socket;
    private int _aborted;
    // The first bytes the server sent (GrpcRecordingStream), to tell what answered when the handler cannot.
    private readonly byte[] _received = new byte[ReceivedKept];
    private int _receivedLength;
    private bool _recordingStopped;

    /// <summary>How many of the server's first bytes are kept: a status line fits.</summary>
    public const int ReceivedKept = 128;

    public ProbeTarget Target { get; } = target;

    /// <summary>The check's deadline linked with the host's token.</summary>
    public CancellationToken Token { get; } = token;

    public GrpcCheckPhase Phase => (GrpcCheckPhase)Volatile.Read(ref _phase);

    /// <summary>What the connect callback found wrong (refused, TLS alert...), if it failed.</summary>
    public ProbeFailure? Failure => Volatile.Read(ref _failure)?.Value;

    public void Enter(GrpcCheckPhase phase) => Volatile.Write(ref _phase, (int)phase);

    public void MarkConnected() => Volatile.Write(ref _connectMicros, ElapsedMicros());

    public void MarkTlsDone() => Volatile.Write(ref _tlsMicros, ElapsedMicros());

    public void MarkFirstByte()
    {
        Volatile.Write(ref _firstByteMicros, ElapsedMicros());
        Enter(GrpcCheckPhase.Answering);
    }

    /// <summary>Records the first failure found; later ones are consequences of it.</summary>
    public void Fail(ProbeFailure failure) => Interlocked.CompareExchange(ref _failure, new StrongBox<ProbeFailure>(failure), null);

    /// <summary>
    /// Keeps the server's first bytes, up to <see cref="ReceivedKept"/> (the handler reads on one loop); false once
    /// recording has stopped or nothing was added.
    /// </summary>
    public bool RecordReceived(ReadOnlySpan<byte> bytes)
    {
        var length = _receivedLength;
        if (_recordingStopped || length == _received.Length || bytes.IsEmpty)
        {
            return false;
        }

        var take = Math.Min(bytes.Length, _received.Length - length);
        bytes[..take].CopyTo(_received.AsSpan(length));
        Volatile.Write(ref _receivedLength, length + take);
        return true;
    }

    /// <summary>Keeps what was recorded so far and nothing more (bytes looked at ahead must not be counted twice).</summary>
    public void StopRecording() => _recordingStopped = true;

    /// <summary>The server's first bytes (at most <see cref="ReceivedKept"/>).</summary>
    public ReadOnlySpan<byte> Received => _received.AsSpan(0, Volatile.Read(ref _receivedLength));

    /// <summary>Phase timings so far, with the total taken now.</summary>
    public ProbeTimings Timings() => new(
        Volatile.Read(ref _connectMicros), Volatile.Read(ref _tlsMicros), Volatile.Read(ref _firstByteMicros), ElapsedMicros());

    /// <summary>The check owns its connection's socket, so that a failed check can cut it at once.</summary>
    public void Attach(Socket socket)
    {
        Interlocked.Exchange(ref _socket, socket);
        if (Volatile.Read(ref _aborted) != 0)
        {
            Interlocked.Exchange(ref _socket, null)?.Dispose();
        }
    }

    /// <summary>
    /// Closes the check's connection (an RST, since linger is 0), also one still being set up in the background
    /// by the handler: a failed or timed-out check must not leave a half-open connection behind.
    /// </summary>
    public void Abort()
    {
        Interlocked.Exchange(ref _aborted, 1);
        Interlocked.Exchange(ref _socket, null)?.Dispose();
    }

    private int ElapsedMicros() => ProbeTimings.Micros(timeProvider.GetElapsedTime(startTimestamp));
}
