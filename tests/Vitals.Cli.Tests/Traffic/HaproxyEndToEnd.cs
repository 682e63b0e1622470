using System.Diagnostics;
using System.Text.RegularExpressions;
using Vitals.Cli.Tests.Support;
using Vitals.Control.Traffic.Haproxy;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Traffic;

/// <summary>
/// What the two HAProxy end-to-end tests share: the fleet (a pool of three backends, and a pool whose members fail
/// their health check while serving traffic), the exported configuration HAProxy runs, and reading HAProxy's state.
/// </summary>
internal static partial class HaproxyEndToEnd
{
    /// <summary>The monitor: a check every Delay s, down after Fall failed checks, up after Rise good ones, CheckTimeout s per check.</summary>
    public const int Delay = 1, Fall = 2, Rise = 1, CheckTimeout = 1;

    /// <summary>The slack on top of every computed bound (a loaded CI machine runs several test suites on two cores).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    /// <summary>The longest any wait on HAProxy's state may take before the test fails.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Load balancer <c>edge</c>: listener <c>web</c> → pool <c>web</c> (HAProxy backend <c>edge_web</c>), listener
    /// <c>safe</c> → pool <c>safe</c> (<c>edge_safe</c>); both with the HTTP monitor on <c>/health</c>.
    /// </summary>
    public static string Fleet(int webPort, int safePort, NamedHttpBackend[] web, NamedHttpBackend[] safe) => $$"""
        loadbalancers:
          - name: edge
            listeners:
              - name: web
                protocol: HTTP
                protocol_port: {{webPort}}
                pool:
                  name: web
                  protocol: HTTP
                  health_monitor: { type: HTTP, delay: {{Delay}}, timeout: {{CheckTimeout}}, max_retries: {{Rise}}, max_retries_down: {{Fall}}, url_path: /health }
                  members:
        {{Members(web)}}
              - name: safe
                protocol: HTTP
                protocol_port: {{safePort}}
                pool:
                  name: safe
                  protocol: HTTP
                  health_monitor: { type: HTTP, delay: {{Delay}}, timeout: {{CheckTimeout}}, max_retries: {{Rise}}, max_retries_down: {{Fall}}, url_path: /health }
                  members:
        {{Members(safe)}}
        """;

    /// <summary>
    /// <c>vitals export haproxy --standalone</c> (with <paramref name="extra"/>, e.g. <c>--agent</c>), checked with
    /// <c>haproxy -c</c>, then made what the test runs: without HAProxy's own <c>check</c> on the servers (Vitals alone
    /// decides who is up) and without the export's <c>global</c> section (<see cref="HaproxyProcess"/> writes its own, with
    /// the admin sockets in its temporary directory).
    /// </summary>
    public static async Task<string> ExportAsync(CliTestServer server, params string[] extra)
    {
        var run = await server.RunAsync(["export", "haproxy", "--standalone", "--bind", "127.0.0.1", "--stats-socket", "/tmp/vitals-e2e-unused.sock", .. extra]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        await AgentTestHaproxy.AssertAcceptsAsync(run.Stdout);
        var configuration = OwnCheck().Replace(GlobalSection().Replace(run.Stdout, ""), "");
        Assert.DoesNotMatch(@"(?m)^    server .* check", configuration);
        Assert.DoesNotContain("stats socket", configuration, StringComparison.Ordinal);
        return configuration;
    }

    /// <summary>Starts HAProxy on the configuration (with a TCP admin socket on loopback too) and checks with <c>haproxy -c</c> the file it runs.</summary>
    public static async Task<HaproxyProcess> StartHaproxyAsync(string configuration)
    {
        var haproxy = await HaproxyProcess.StartAsync(configuration, tcpAdmin: true, cancellationToken: TestContext.Current.CancellationToken);
        await AgentTestHaproxy.AssertAcceptsAsync(await File.ReadAllTextAsync(haproxy.ConfigurationPath, TestContext.Current.CancellationToken));
        return haproxy;
    }

    /// <summary>The servers of <paramref name="backend"/> by name, from <c>show servers state</c> on the unix socket.</summary>
    public static async Task<Dictionary<string, HaproxyServerState>> StatesAsync(HaproxyProcess haproxy, string backend)
    {
        var client = new HaproxyRuntimeClient(HaproxyEndpoint.Unix(haproxy.SocketPath));
        var rows = await client.ShowServersStateAsync(backend, TestContext.Current.CancellationToken);
        return rows.ToDictionary(static r => r.ServerName, StringComparer.Ordinal);
    }

    /// <summary>Reads the backend every 20 ms until <paramref name="until"/> holds (at most 30 s); fails with the last state.</summary>
    public static async Task<Dictionary<string, HaproxyServerState>> UntilAsync(HaproxyProcess haproxy, string backend,
        Func<Dictionary<string, HaproxyServerState>, bool> until, string what)
    {
        var started = Stopwatch.GetTimestamp();
        var states = await StatesAsync(haproxy, backend);
        while (!until(states))
        {
            if (Stopwatch.GetElapsedTime(started) > Limit)
            {
                Assert.Fail($"HAProxy's {backend} did not reach '{what}' in {Limit.TotalSeconds} s: {Describe(states)}\n{haproxy.Log}");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
            states = await StatesAsync(haproxy, backend);
        }

        return states;
    }

    /// <summary>True when HAProxy has exactly <paramref name="up"/> of the named servers up and the others stopped.</summary>
    public static bool Exactly(Dictionary<string, HaproxyServerState> states, string[] names, string[] up) =>
        states.Count == names.Length && names.All(n => states.TryGetValue(n, out var s) && s.IsUp == up.Contains(n));

    public static string Describe(Dictionary<string, HaproxyServerState> states) =>
        string.Join(", ", states.Values.Select(static s => $"{s.ServerName} op={s.OperationalState} admin={s.AdminState} w={s.UserWeight}"));

    private static string Members(NamedHttpBackend[] backends) => string.Join('\n',
        backends.Select(static b => $"                    - {{ name: {b.Name}, address: 127.0.0.1, protocol_port: {b.Port} }}"));

    [GeneratedRegex(@"(?<=^    server \S+ \S+) check( check-ssl verify none( check-sni \S+)?)?( port \d+)?", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex OwnCheck();

    [GeneratedRegex(@"^global\n(    .*\n)*", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex GlobalSection();
}
