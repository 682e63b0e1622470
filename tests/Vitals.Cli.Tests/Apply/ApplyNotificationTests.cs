using System.Text.Json;
using System.Text.RegularExpressions;
using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Apply;

/// <summary>
/// <c>webhooks:</c> and <c>alertmanagers:</c> in the fleet file, applied to a real server: created (a generated secret
/// printed once), diffed by name, updated, pruned; bad files refused before any write, with their paths; <c>vitals get</c>.
/// </summary>
public sealed partial class ApplyNotificationTests
{
    private static string Fleet(string events = "[member.transition, pool.panic_started]", string url = "https://hooks.example.com/ops",
        bool withOps = true, bool amEnabled = true) => $$"""
        webhooks:
        {{(withOps ? $$"""
          - name: ops
            url: {{url}}
            events: {{events}}
            states: [Unhealthy]
        """ : "")}}
          - name: all
            url: http://10.0.0.7:8080/in
            secret: my-own-secret-0123456789
        alertmanagers:
          - name: am-1
            url: http://10.0.0.5:9093
            admin_state_up: {{(amEnabled ? "true" : "false")}}
        """;

    [Fact]
    public async Task Apply_CreatesWithTheGeneratedSecretShownOnce_ThenNoChanges_ThenUpdates_ThenPrunes()
    {
        await using var server = await CliTestServer.StartAsync();

        var first = await server.ApplyAsync(Fleet());
        var again = await server.ApplyAsync(Fleet());
        var ops = JsonDocument.Parse((await server.RunAsync("get", "webhook", "ops", "-o", "json")).Stdout).RootElement;
        var all = JsonDocument.Parse((await server.RunAsync("get", "webhooks", "all", "-o", "json")).Stdout).RootElement;
        var changed = await server.ApplyAsync(Fleet(events: "[]", url: "https://hooks.example.com/ops2", amEnabled: false));
        var table = await server.RunAsync("get", "webhooks");
        var amTable = await server.RunAsync("get", "alertmanagers");
        var pruned = await server.ApplyAsync(Fleet(withOps: false, amEnabled: false), "--prune");
        var left = JsonDocument.Parse((await server.RunAsync("get", "webhooks", "-o", "json")).Stdout).RootElement;

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("+ create webhook ops (https://hooks.example.com/ops)", first.Stdout);
        Assert.Contains("+ create webhook all (http://10.0.0.7:8080/in)", first.Stdout);
        Assert.Contains("+ create alertmanager am-1 (http://10.0.0.5:9093)", first.Stdout);
        Assert.Contains("Plan: 3 to create, 0 to update, 0 to delete.", first.Stdout);
        var shown = SecretLine().Match(first.Stdout);
        Assert.True(shown.Success, first.Stdout);
        Assert.Equal(ops.GetProperty("id").GetString(), shown.Groups["id"].Value);
        Assert.Equal("whsec_…" + shown.Groups["secret"].Value[^4..], ops.GetProperty("secret_hint").GetString());
        Assert.Single(SecretLine().Matches(first.Stdout));   // only the generated one: the file's own secret is not echoed
        Assert.DoesNotContain("my-own-secret-0123456789", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("…6789", all.GetProperty("secret_hint").GetString());
        Assert.Equal(["member.transition", "pool.panic_started"], ops.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Unhealthy"], ops.GetProperty("states").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("No changes", again.Stdout);
        Assert.DoesNotContain("whsec_", again.Stdout, StringComparison.Ordinal);
        Assert.True(changed.ExitCode == 0, changed.Stderr);
        Assert.Contains("~ update webhook ops\n", changed.Stdout);
        Assert.Contains("url: https://hooks.example.com/ops -> https://hooks.example.com/ops2", changed.Stdout);
        Assert.Contains("events: [\"member.transition\",\"pool.panic_started\"] -> []", changed.Stdout);
        Assert.Contains("~ update alertmanager am-1\n    admin_state_up: true -> false\n", changed.Stdout);
        Assert.Contains("Plan: 0 to create, 2 to update, 0 to delete.", changed.Stdout);
        Assert.Matches(@"(?m)^ID\s+NAME\s+URL\s+EVENTS\s+STATES\s+ADMIN\s+SECRET\s+DELIVERY$", table.Stdout);
        Assert.Matches(@"(?m)^whk-[0-9a-f]{20}\s+ops\s+https://hooks\.example\.com/ops2\s+all\s+Unhealthy\s+up\s+whsec_…\S{4}\s+ok\s*$", table.Stdout);
        Assert.Matches(@"(?m)^am-[0-9a-f]{20}\s+am-1\s+http://10\.0\.0\.5:9093\s+down\s*$", amTable.Stdout);
        Assert.True(pruned.ExitCode == 0, pruned.Stderr);
        Assert.Contains("- delete webhook ops (https://hooks.example.com/ops2)", pruned.Stdout);
        Assert.Equal("all", Assert.Single(left.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Apply_JsonOutput_CarriesTheGeneratedSecret()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.ApplyAsync("webhooks:\n  - name: ops\n    url: https://hooks.example.com/ops\n", "-o", "json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var secrets = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("webhook_secrets");
        var secret = Assert.Single(secrets.EnumerateArray());
        Assert.Equal("ops", secret.GetProperty("webhook").GetString());
        Assert.StartsWith("whsec_", secret.GetProperty("secret").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_BadWebhooksAndAlertmanagers_AreRefusedBeforeAnyWrite_WithTheirPaths()
    {
        await using var server = await CliTestServer.StartAsync();
        const string Bad = """
            webhooks:
              - name: ops
                url: ftp://hooks.example.com/ops
                events: [member.down, test, test]
                states: [unhealthy, 5]
                secret: short
                color: red
              - name: ops
              - url: https://x.example
            alertmanagers:
              - name: am
                url: http://10.0.0.5:9093/?x=1
              - name: am
                url: http://10.0.0.6:9093
            """;

        var run = await server.ApplyAsync(Bad);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing was changed", run.Stderr);
        Assert.Contains("webhooks[0].url: must be an absolute http or https URL", run.Stderr);
        Assert.Contains("webhooks[0].events[0]: must be one of member.transition", run.Stderr);
        Assert.Contains("webhooks[0].events[2]: is given twice ('test')", run.Stderr);
        Assert.Contains("webhooks[0].states[0]: must be one of Initial, Healthy, Unhealthy, Unused, Unavailable (got 'unhealthy')", run.Stderr);
        Assert.Contains("webhooks[0].states[1]: must be a string (got 5)", run.Stderr);
        Assert.Contains("webhooks[0].secret: must be 16 to 256 printable ASCII characters", run.Stderr);
        Assert.Contains("webhooks[0].color: is not a known field", run.Stderr);
        Assert.Contains("webhooks[1].url: is required", run.Stderr);
        Assert.Contains("webhooks[1].name: another webhook is already named 'ops'", run.Stderr);
        Assert.Contains("webhooks[2].name: is required", run.Stderr);
        Assert.Contains("alertmanagers[0].url: must have no query or fragment", run.Stderr);
        Assert.Contains("alertmanagers[1].name: another Alertmanager is already named 'am'", run.Stderr);
        Assert.Equal("[]", (await server.RunAsync("get", "webhooks", "-o", "json")).Stdout.Trim());
        Assert.Equal("[]", (await server.RunAsync("get", "alertmanagers", "-o", "json")).Stdout.Trim());
    }

    [Fact]
    public async Task Apply_UrlTheServersTargetPolicyRefuses_IsTheServers400()
    {
        await using var server = await CliTestServer.StartAsync();

        var run = await server.ApplyAsync("webhooks:\n  - name: imds\n    url: http://169.254.169.254/latest/meta-data/\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("apply stopped at create webhook imds", run.Stderr);
        Assert.Contains("cloud metadata", run.Stderr);
        Assert.Equal("[]", (await server.RunAsync("get", "webhooks", "-o", "json")).Stdout.Trim());
    }

    [GeneratedRegex(@"Webhook ops \((?<id>whk-[0-9a-f]{20})\) signs with (?<secret>whsec_[A-Za-z0-9_-]{43}) : shown only now")]
    private static partial Regex SecretLine();
}
