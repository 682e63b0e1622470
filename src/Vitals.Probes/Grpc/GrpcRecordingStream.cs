using System.Net.Sockets;

namespace Vitals.Probes.Grpc;

/// <summary>
/// The check's connection as the HTTP/2 handler sees it, keeping a copy of the first bytes the server sent
/// (<see cref="GrpcCheck.RecordReceived"/>): when the handler only says "invalid data", those bytes tell what answered,
/// e.g. an HTTP/1.1 server's <c>HTTP/1.1 400 Bad Request</c> to the HTTP/2 preface. Everything else passes through.
/// Cleartext only: the handler must be handed a TLS connection's <see cref="System.Net.Security.SslStream"/> itself.
/// </summary>
internal sealed class GrpcRecordingStream(NetworkStream inner, GrpcCheck check) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Record(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Record(buffer.Span[..read]);
        return read;
    }

    private void Record(ReadOnlySpan<byte> read)
    {
        if (!check.RecordReceived(read) || !check.Received.StartsWith("HTTP/1."u8))
        {
            return;
        }

        // An HTTP/1.x answer: the handler stops reading after a few bytes of it, so look (without taking anything
        // from the connection, and only at what has already arrived) at the rest of its status line for the report.
        Span<byte> more = stackalloc byte[GrpcCheck.ReceivedKept];
        try
        {
            var available = Math.Min(inner.Socket.Available, GrpcCheck.ReceivedKept - check.Received.Length);
            var peeked = available > 0 ? inner.Socket.Receive(more[..available], SocketFlags.Peek) : 0;
            check.RecordReceived(more[..peeked]);
        }
        catch (SocketException)
        {
            // the connection is going away: what was read is what there is
        }
        catch (ObjectDisposedException)
        {
            // the same
        }

        check.StopRecording();
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
