using System.Net.Sockets;
using System.Text;

namespace Vitals.Testing;

/// <summary>One accepted connection of a <see cref="LoopbackServer"/>, with the moves a misbehaving backend makes.</summary>
public sealed class LoopbackConnection
{
    private const int MaxHead = 64 * 1024;

    internal LoopbackConnection(Socket socket, Stream stream, string? serverName, CancellationToken stopping)
    {
        Socket = socket;
        Stream = stream;
        ServerName = serverName;
        Stopping = stopping;
    }

    public Socket Socket { get; }

    /// <summary>The plain network stream, or the server side of the TLS session.</summary>
    public Stream Stream { get; }

    /// <summary>The SNI the client sent (TLS servers only); empty when it sent none.</summary>
    public string? ServerName { get; }

    /// <summary>Fires when the server is disposed.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Reads up to the end of an HTTP request head (blank line), or EOF; Latin-1 text.</summary>
    public async Task<string> ReadRequestHeadAsync()
    {
        var buffer = new byte[MaxHead];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await Stream.ReadAsync(buffer.AsMemory(length), Stopping);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        return Encoding.Latin1.GetString(buffer, 0, length);
    }

    public async Task WriteAsync(string text)
    {
        await Stream.WriteAsync(Encoding.Latin1.GetBytes(text), Stopping);
        await Stream.FlushAsync(Stopping);
    }

    /// <summary>Closes with RST (SO_LINGER 0): the client sees "connection reset by peer".</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    /// <summary>Says nothing: reads and discards until the client closes or the server stops.</summary>
    public async Task StaySilentAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (await Socket.ReceiveAsync(buffer, SocketFlags.None, Stopping) > 0)
            {
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
