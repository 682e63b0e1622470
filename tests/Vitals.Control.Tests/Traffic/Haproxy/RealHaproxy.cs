using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Testing;

namespace Vitals.Control.Tests.Traffic.Haproxy;

/// <summary>Shared pieces of the tests against a real HAProxy on loopback.</summary>
internal static class RealHaproxy
{
    public const string Defaults = "defaults\n    mode tcp\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n\n";

    /// <summary>Skips the calling test when haproxy is not installed (eng/install-test-deps.sh installs it).</summary>
    public static void RequireInstalled()
    {
        if (!HaproxyProcess.IsInstalled)
        {
            Assert.Skip("haproxy is not installed (eng/install-test-deps.sh installs it)");
        }
    }

    /// <summary>
    /// Backend <c>web</c> (roundrobin, so servers can be added): s1 without check, s2 checked against
    /// <paramref name="checkedPort"/> every 100 ms (rise 1, fall 1), s3 of weight 50 without check.
    /// </summary>
    public static string Web(int checkedPort) => Defaults
        + "backend web\n    balance roundrobin\n"
        + "    server s1 127.0.0.1:1 \n"
        + $"    server s2 127.0.0.1:{checkedPort} check inter 100ms rise 1 fall 1\n"
        + "    server s3 127.0.0.1:3 weight 50\n";

    public static Task<HaproxyProcess> StartAsync(string configuration, bool tcpAdmin = false, bool masterWorker = false)
    {
        RequireInstalled();
        return HaproxyProcess.StartAsync(configuration, tcpAdmin, masterWorker, cancellationToken: TestContext.Current.CancellationToken);
    }

    public static HaproxyRuntimeClient Client(HaproxyProcess haproxy) => new(HaproxyEndpoint.Unix(haproxy.SocketPath));

    public static async Task<HaproxyServerState> StateAsync(HaproxyRuntimeClient client, string backend, string server)
    {
        var states = await client.ShowServersStateAsync(backend, TestContext.Current.CancellationToken);
        return Assert.Single(states, s => s.ServerName == server);
    }

    /// <summary>Reads the server's state until <paramref name="until"/> holds, every 50 ms, at most <paramref name="limit"/>; returns the last state.</summary>
    public static async Task<HaproxyServerState> PollStateAsync(
        HaproxyRuntimeClient client, string backend, string server, Func<HaproxyServerState, bool> until, TimeSpan limit)
    {
        var started = Stopwatch.GetTimestamp();
        var state = await StateAsync(client, backend, server);
        for (var i = 0; i < 1000 && !until(state) && Stopwatch.GetElapsedTime(started) < limit; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            state = await StateAsync(client, backend, server);
        }

        return state;
    }

    /// <summary>A loopback listener whose backlog completes handshakes: enough for HAProxy's layer-4 checks to pass.</summary>
    public static TcpListener Listener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(512);
        return listener;
    }

    public static int Port(this TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;
}
