using System.Net;
using System.Net.Sockets;

namespace Vitals.Server.Tests.Targets;

/// <summary>
/// TCP listeners on one port at every address of lo (loopback, the metadata addresses, the host's own address), and an
/// nftables counter of every TCP or UDP packet sent to that port in the namespace. The counter is what tells: a TCP
/// check connects and resets at once, before the listener gets to accept, so accepts alone would miss it.
/// </summary>
internal sealed class TrapListeners : IDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    private TrapListeners(int port) => Port = port;

    public int Port { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    private string Table => $"vitals_trap_{Port}";

    /// <summary>Packets sent to the trap port (any address of the namespace, TCP or UDP), from the nftables counter.</summary>
    public long Packets
    {
        get
        {
            var listing = LoOnlyNamespace.Run("nft", "list", "table", "inet", Table);
            var at = listing.IndexOf("packets ", StringComparison.Ordinal);
            Assert.True(at >= 0, listing);
            var digits = listing[(at + "packets ".Length)..].TakeWhile(char.IsAsciiDigit).ToArray();
            return long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Who connected, for the failure message.</summary>
    public List<string> Seen { get; } = [];

    public static TrapListeners Start()
    {
        LoOnlyNamespace.Require();
        var first = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        var sut = new TrapListeners(((IPEndPoint)first.LocalEndpoint).Port);
        sut.Add(first);
        LoOnlyNamespace.Run("nft", "add", "table", "inet", sut.Table);
        LoOnlyNamespace.Run("nft", "add", "chain", "inet", sut.Table, "out", "{ type filter hook output priority 0; }");
        LoOnlyNamespace.Run("nft", "add", "rule", "inet", sut.Table, "out", "meta", "l4proto", "{ tcp, udp }", "th", "dport",
            sut.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "counter");
        foreach (var address in (string[])["::1", .. LoOnlyNamespace.LoAddresses])
        {
            var listener = new TcpListener(IPAddress.Parse(address), sut.Port);
            listener.Start();
            sut.Add(listener);
        }

        return sut;
    }

    private void Add(TcpListener listener)
    {
        _listeners.Add(listener);
        _ = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (Seen)
                {
                    Seen.Add($"{socket.RemoteEndPoint} -> {socket.LocalEndPoint}");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        LoOnlyNamespace.Run("nft", "delete", "table", "inet", Table);
        _stop.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _stop.Dispose();
    }
}
