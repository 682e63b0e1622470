using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vitals.Cli.Tests.Support;
using Vitals.Core.Notifications;
using Vitals.Testing;

namespace Vitals.Cli.Tests.Notifications;

/// <summary>
/// The outbox survives the server: <c>vitals serve</c> as a real process, killed with SIGKILL while an event waits for
/// a receiver that is down, then started again on the same data directory: the event is delivered, signed, once the
/// receiver is back (docs/notifications.md, "Delivery").
/// </summary>
public sealed class WebhookKillTests
{
    private const string AdminToken = "webhook-kill-admin-token-0123456789abcdef";
    private const string Secret = "kill-test-secret-0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerKilledWithAnEventPending_TheEventIsDeliveredAfterTheRestart()
    {
        var dataDir = Directory.CreateTempSubdirectory("vitals-webhook-kill-").FullName;
        var port = LoopbackTcp.RefusedPort().Port;
        var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        await using var receiver = WebhookReceiver.Start();
        await receiver.StopAsync(); // down from the start: the event can only wait in the outbox
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var backendPort = ((IPEndPoint)backend.LocalEndpoint).Port;
        var first = await ServeAsync(port, dataDir);
        Process? second = null;
        try
        {
            using var admin = Client(url, AdminToken);
            using var created = await admin.PostAsJsonAsync("/api/v1/projects", new { name = "kill" }, Token);
            created.EnsureSuccessStatusCode();
            var projectToken = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("token").GetString()!;
            using var file = new TempFile(Fleet(backendPort, receiver.Url));
            var apply = await CliRun.InProcessAsync("apply", "-f", file.Path, "--server", url.ToString(), "--token", projectToken);
            Assert.True(apply.ExitCode == 0, apply.Stdout + apply.Stderr);
            using var client = Client(url, projectToken);
            var webhookId = (await client.GetFromJsonAsync<JsonElement>("/api/v1/webhooks", Token)).GetProperty("webhooks")[0]
                .GetProperty("id").GetString()!;
            var memberId = (await client.GetFromJsonAsync<JsonElement>("/api/v1/members", Token)).GetProperty("members")[0]
                .GetProperty("id").GetString()!;
            await WaitAsync(async () => await StateAsync(client, memberId) == "Healthy", "the member Healthy");

            backend.Stop();
            await WaitAsync(async () => await StateAsync(client, memberId) == "Unhealthy", "the member Unhealthy");
            JsonElement pending = default;
            await WaitAsync(async () =>
            {
                var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries?status=pending", Token);
                pending = list.GetProperty("deliveries").EnumerateArray().LastOrDefault();
                return pending.ValueKind == JsonValueKind.Object && pending.GetProperty("attempts").GetInt32() >= 1;
            }, "a pending delivery that failed once");
            var eventId = pending.GetProperty("event_id").GetString();

            first.Kill(); // SIGKILL: no shutdown of any kind
            await first.WaitForExitAsync(Token);
            receiver.Restart();
            second = await ServeAsync(port, dataDir);

            var received = await receiver.WaitAsync(r => r.Count >= 1, TimeSpan.FromSeconds(30), Token);
            var request = received[0];
            Assert.Equal(eventId, request.Header("Vitals-Event-Id"));
            Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(Encoding.UTF8.GetBytes(Secret),
                request.Header(WebhookSignature.HeaderName), request.Body, TimeProvider.System.GetUtcNow()));
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(memberId, body.RootElement.GetProperty("member").GetProperty("id").GetString());
            Assert.Equal("Unhealthy", body.RootElement.GetProperty("new_state").GetString());
            await WaitAsync(async () =>
            {
                var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries?status=delivered", Token);
                return list.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("event_id").GetString() == eventId);
            }, "the delivery recorded as delivered");
        }
        finally
        {
            foreach (var process in new[] { first, second })
            {
                if (process is not null)
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
                    }

                    process.Dispose();
                }
            }

            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static string Fleet(int backendPort, Uri receiver) => $$"""
        loadbalancers:
          - name: edge
            listeners:
              - name: web
                protocol: TCP
                protocol_port: 80
                pool:
                  name: web
                  protocol: TCP
                  health_monitor:
                    type: TCP
                    delay: 1
                    timeout: 1
                    max_retries: 1
                    max_retries_down: 1
                  members:
                    - name: web-1
                      address: 127.0.0.1
                      protocol_port: {{backendPort}}
        webhooks:
          - name: ops
            url: {{receiver}}
            secret: {{Secret}}
        """;

    private static async Task<Process> ServeAsync(int port, string dataDir)
    {
        var process = CliRun.StartProcess(new Dictionary<string, string?> { ["VITALS_ADMIN_TOKEN"] = AdminToken },
            "serve", "--listen", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--data-dir", dataDir,
            "--allow-targets", "127.0.0.0/8", "--webhook-retry-delay", "1s");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var output = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.Add(line);
            if (line.StartsWith("vitals listening on", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return process;
            }
        }

        Assert.Fail("vitals serve ended before listening: " + string.Join('\n', output) + await process.StandardError.ReadToEndAsync(Token));
        return process;
    }

    private static HttpClient Client(Uri url, string token)
    {
        var client = new HttpClient { BaseAddress = url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string?> StateAsync(HttpClient client, string memberId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/members/{memberId}/health", Token)).GetProperty("state").GetString();

    private static async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var started = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"no {what} within 30 s");
            await Task.Delay(100, Token);
        }
    }
}
