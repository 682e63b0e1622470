using System.Text;
using Vitals.Testing;

namespace Vitals.Console.Tests.Support;

/// <summary>
/// The fleet most console tests look at, shared by the whole assembly: one real <c>vitals serve</c> process and one
/// project seeded over REST against real loopback backends.
/// <list type="bullet">
/// <item>load balancer <c>edge</c>, listener <c>http-80</c> → pool <c>web-pool</c>, an HTTP monitor every 1 s (timeout 1,
/// rise 1, fall 2) with members <c>web-1..3</c> (200), <c>web-markup</c> (500 whose body is markup: the safety case),
/// <c>live-pool</c> and <c>live-overview</c> (200 until a live test kills them), <c>drain-me</c> and <c>toggle-me</c>
/// (maintenance), <c>on-vm</c> (200) and <c>on-vm-bad</c> (503), which the instance tests place on instances;</item>
/// <item>listener <c>http-8080</c> → pool <c>edit-pool</c> with its own monitor (every 2 s) and member <c>edit-1</c>, for the
/// monitor form (changing a monitor re-registers its pool's members, so it must not be web-pool's).</item>
/// </list>
/// Tests that change something each own the members they change; the assembly runs its tests one at a time.
/// </summary>
public sealed class ConsoleFleet : IAsyncLifetime
{
    /// <summary>What the markup backend answers with: a check's content the console must show as text only.</summary>
    public const string MarkupBody = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";

    public const int WebDelay = 1;
    public const int WebTimeout = 1;
    public const int WebFall = 2;
    public const int EditDelay = 2;

    private readonly Dictionary<string, LoopbackServer> _backends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _members = new(StringComparer.Ordinal);
    private VitalsProcess? _server;

    public string Url => _server!.Url;

    public string Token { get; private set; } = "";

    public string LoadBalancerId { get; private set; } = "";

    public string WebListenerId { get; private set; } = "";

    public string WebPoolId { get; private set; } = "";

    public string EditPoolId { get; private set; } = "";

    public string EditMonitorId { get; private set; } = "";

    /// <summary>Member ids by name.</summary>
    public IReadOnlyDictionary<string, string> Members => _members;

    /// <summary>The longest a member of web-pool takes to turn Unhealthy after its backend dies: fall checks plus a timeout.</summary>
    public static TimeSpan WebDetectionTime => TimeSpan.FromSeconds((WebDelay * WebFall) + WebTimeout);

    internal VitalsApi Api { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        _server = await VitalsProcess.StartAsync(cancellationToken);
        Token = await VitalsApi.CreateProjectAsync(_server, "console", cancellationToken);
        Api = new VitalsApi(_server.Url, Token);

        LoadBalancerId = await Api.CreateAsync("loadbalancers", new { name = "edge", description = "console tests" }, cancellationToken);
        WebListenerId = await Api.CreateAsync("listeners", new { name = "http-80", loadbalancer_id = LoadBalancerId, protocol = "HTTP", protocol_port = 80 }, cancellationToken);
        WebPoolId = await Api.CreateAsync("pools", new { name = "web-pool", loadbalancer_id = LoadBalancerId, listener_id = WebListenerId, protocol = "HTTP" }, cancellationToken);
        await Api.CreateAsync("healthmonitors", new
        {
            pool_id = WebPoolId, type = "HTTP", delay = WebDelay, timeout = WebTimeout, max_retries = 1, max_retries_down = WebFall,
            url_path = "/", expected_codes = "200",
        }, cancellationToken);
        foreach (var name in new[] { "web-1", "web-2", "web-3", "live-pool", "live-overview", "drain-me", "toggle-me", "on-vm" })
        {
            await AddMemberAsync(WebPoolId, name, Answer(200, "OK", "ok\n"), cancellationToken);
        }

        await AddMemberAsync(WebPoolId, "web-markup", Answer(500, "Internal Server Error", MarkupBody, "text/html"), cancellationToken);
        await AddMemberAsync(WebPoolId, "on-vm-bad", Answer(503, "Service Unavailable", "down for now\n"), cancellationToken);

        var editListener = await Api.CreateAsync("listeners", new { name = "http-8080", loadbalancer_id = LoadBalancerId, protocol = "HTTP", protocol_port = 8080 }, cancellationToken);
        EditPoolId = await Api.CreateAsync("pools", new { name = "edit-pool", loadbalancer_id = LoadBalancerId, listener_id = editListener, protocol = "HTTP" }, cancellationToken);
        EditMonitorId = await Api.CreateAsync("healthmonitors", new
        {
            pool_id = EditPoolId, type = "HTTP", delay = EditDelay, timeout = 1, max_retries = 1, max_retries_down = 2, url_path = "/",
        }, cancellationToken);
        await AddMemberAsync(EditPoolId, "edit-1", Answer(200, "OK", "ok\n"), cancellationToken);

        // Every verdict in before any test looks (rise 1: the first checks decide; fall 2 for the 500).
        foreach (var (name, id) in Members)
        {
            await Api.WaitForStateAsync(id, name is "web-markup" or "on-vm-bad" ? "Unhealthy" : "Healthy", TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    /// <summary>Stops the backend of member <paramref name="name"/>: its checks are refused from now on.</summary>
    public async Task KillBackendAsync(string name)
    {
        var backend = _backends[name];
        _backends.Remove(name);
        await backend.DisposeAsync();
    }

    private async Task AddMemberAsync(string poolId, string name, string response, CancellationToken cancellationToken)
    {
        var backend = LoopbackServer.Http(response);
        _backends[name] = backend;
        _members[name] = await Api.CreateAsync("members", new { name, pool_id = poolId, address = "127.0.0.1", protocol_port = backend.Port }, cancellationToken);
    }

    private static string Answer(int status, string phrase, string body, string contentType = "text/plain")
        => $"HTTP/1.1 {status} {phrase}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        foreach (var backend in _backends.Values)
        {
            await backend.DisposeAsync();
        }
    }
}
