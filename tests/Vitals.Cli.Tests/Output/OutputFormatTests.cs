using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vitals.Cli.Apply;
using Vitals.Cli.Tests.Support;
using Vitals.Core.Validation;

namespace Vitals.Cli.Tests.Output;

/// <summary>
/// Every command that prints, in every <c>-o</c> it accepts, against one real server holding a seeded fleet (a
/// Healthy and an Unhealthy member, credentials of each kind): JSON parses, YAML parses, a table has its header, and
/// the structured outputs carry the field names docs/cli.md and docs/api.md give.
/// </summary>
public sealed class OutputFormatTests(OutputFormatTests.SeededFleet fleet) : IClassFixture<OutputFormatTests.SeededFleet>
{
    /// <summary>One command line, the formats it takes, what its table (or text) must hold, and the fields its documents must have.</summary>
    private sealed record Case(string[] Args, string[] Formats, string Table, string[] Fields, bool Admin = false, string? Name = null, string? Wide = null);

    private static readonly string[] Common = ["table", "json", "yaml"];
    private static readonly string[] GetFormats = ["table", "wide", "name", "json", "yaml"];

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["status"] = new(["status"], Common, @"^LISTENER\s+POOL\s+CHECKS\s+HEALTHY\s+UNHEALTHY\s+INITIAL\s+UNUSED\s+UNAVAILABLE\s+TOTAL$",
        [
            "pools[0].listener", "pools[0].pool", "pools[0].pool_id", "pools[0].health_check_enabled", "pools[0].counts",
            "pools[0].members_total", "pools[0].non_healthy_total", "members[0].member_id", "members[0].name", "members[0].pool",
            "members[0].address", "members[0].protocol_port", "members[0].state", "members[0].reason_code", "members[0].since", "unhealthy",
        ]),
        ["get members"] = new(["get", "members"], GetFormats, @"^ID\s+NAME\s+POOL\s+ADDRESS\s+PORT\s+WEIGHT\s+ADMIN\s+INSTANCE$",
            ["[0].id", "[0].name", "[0].pool_id", "[0].address", "[0].protocol_port", "[0].weight", "[0].admin_state_up"],
            Name: "^member/web-(ok|down)$", Wide: @"^ID\s+NAME\s+POOL.*\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["get loadbalancers"] = new(["get", "loadbalancers"], GetFormats, @"^ID\s+NAME\s+REGION\s+DESCRIPTION$",
            ["[0].id", "[0].name", "[0].region", "[0].description", "[0].created_at"], Name: "^loadbalancer/edge$",
            Wide: @"^ID\s+NAME\s+REGION\s+DESCRIPTION\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["get listeners"] = new(["get", "listeners"], GetFormats, @"^ID\s+NAME\s+LOADBALANCER\s+PROTOCOL\s+PORT\s+DEFAULT_POOL\s+ADMIN$",
            ["[0].id", "[0].loadbalancer_id", "[0].protocol", "[0].protocol_port", "[0].default_pool_id"], Name: "^listener/web$",
            Wide: @"\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["get pools"] = new(["get", "pools"], GetFormats, @"^ID\s+NAME\s+LOADBALANCER\s+PROTOCOL\s+ALGORITHM",
            ["[0].id", "[0].lb_algorithm", "[0].protocol", "[0].healthmonitor_id"], Name: "^pool/web$", Wide: @"\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["get healthmonitors"] = new(["get", "hm"], GetFormats, @"^ID\s+NAME\s+POOL\s+TYPE\s+DELAY\s+TIMEOUT\s+RISE\s+FALL\s+CHECK",
            ["[0].id", "[0].type", "[0].delay", "[0].timeout", "[0].max_retries", "[0].max_retries_down", "[0].expected_codes"],
            Name: "^healthmonitor/hm-[0-9a-f]{20}$", Wide: @"\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["get instances"] = new(["get", "instances"], GetFormats, @"^ID\s+NAME\s+REGION\s+ADDRESS\s+NODE_EXPORTER$",
            ["[0].id", "[0].name", "[0].address"], Name: "^instance/vm-1$", Wide: @"\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["get one member"] = new(["get", "member", "web-ok"], GetFormats, @"^ID\s+NAME\s+POOL\s+ADDRESS", ["id", "name", "protocol_port"],
            Name: "^member/web-ok$", Wide: @"\s+NUMERIC_ID\s+CREATED\s+UPDATED\s+PROJECT$"),
        ["history"] = new(["history", "web-down"], Common, @"^AT\s+FROM\s+TO\s+CAUSE\s+REASON$",
            ["member_id", "transitions[0].from", "transitions[0].to", "transitions[0].at", "transitions[0].cause", "results[0].outcome"]),
        ["tokens list"] = new(["tokens", "list"], Common, @"^ID\s+NAME\s+STATUS\s+CREATED_AT\s+EXPIRES_AT\s+LAST_USED_AT\s+REVOKED_AT$",
            ["tokens[0].id", "tokens[0].name", "tokens[0].status", "tokens[0].created_at", "tokens[0].expires_at"]),
        ["tokens create"] = new(["tokens", "create"], Common, "^id: ", ["token.id", "token.name", "token.status", "secret"]),
        ["access-keys list"] = new(["access-keys", "list"], Common, @"^ACCESS_KEY_ID\s+STATUS\s+DESCRIPTION\s+CREATED_AT\s+REVOKED_AT$",
            ["access_keys[0].access_key_id", "access_keys[0].status", "access_keys[0].created_at"]),
        ["ovh-credentials list"] = new(["ovh-credentials", "list"], Common, @"^APPLICATION_KEY\s+CONSUMER_KEY\s+DESCRIPTION\s+CREATED_AT\s+REVOKED_AT$",
            ["credentials[0].application_key", "credentials[0].consumer_key", "credentials[0].created_at"]),
        ["huawei-credentials list"] = new(["huawei-credentials", "list"], Common, @"^ACCESS\s+STATUS\s+DESCRIPTION\s+CREATED_AT\s+REVOKED_AT$",
            ["credentials[0].access", "credentials[0].status", "credentials[0].created_at"]),
        ["apply --dry-run"] = new(["apply", "--dry-run", "-f", "FLEET"], Common, "^No changes: the server already matches the file\\.$",
            ["dry_run", "applied", "changes", "summary.create", "summary.update", "summary.replace", "summary.delete"]),
        ["delete --dry-run"] = new(["delete", "member", "web-down", "--dry-run"], Common, @"^would delete member web-down \(mbr-[0-9a-f]{20}\)$",
            ["dry_run", "deleted[0].kind", "deleted[0].id", "deleted[0].name"]),
        ["projects list"] = new(["projects", "list"], Common, @"^ID\s+NAME\s+CREATED_AT$", ["projects[0].id", "projects[0].name", "projects[0].created_at"],
            Admin: true),
        ["projects create"] = new(["projects", "create"], Common, @"^id: \S+$", ["project.id", "project.name", "project.created_at", "token"], Admin: true),
        ["diagnose"] = new(["diagnose", "web-down"], ["text", "json"], "PROBLEM|WARNING|CANNOT TELL",
            ["target", "type", "checked_at", "verdict", "findings[0].verdict"]),
    };

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var (name, item) in Cases)
        {
            foreach (var format in item.Formats)
            {
                rows.Add(name, format);
            }
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Command_Format_ParsesAndCarriesTheDocumentedFields(string name, string format)
    {
        var item = Cases[name];
        string[] args = [.. item.Args.Select(a => a == "FLEET" ? fleet.FleetFile.Path : a)];
        if (name.EndsWith(" create", StringComparison.Ordinal))
        {
            args = [.. args, $"fmt-{format}-{Guid.NewGuid():N}"[..20]];
        }

        var run = await CliRun.InProcessAsync([.. args, "-o", format, "--server", fleet.Server.Url, "--token", item.Admin ? CliTestServer.AdminToken : fleet.Server.Token]);

        Assert.True(run.ExitCode == 0 || (name == "diagnose" && run.ExitCode == 1), $"exit {run.ExitCode}: {run.Stderr}");
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        switch (format)
        {
            case "json":
                AssertFields(JsonNode.Parse(run.Stdout), item.Fields, run.Stdout);
                break;
            case "yaml":
                var errors = new FieldErrorList();
                var parsed = YamlToJson.Parse(run.Stdout, errors);
                Assert.False(errors.HasErrors, run.Stdout);
                AssertFields(parsed, item.Fields, run.Stdout);
                break;
            case "name":
                var lines = run.Stdout.TrimEnd('\n').Split('\n');
                Assert.NotEmpty(lines);
                Assert.All(lines, line => Assert.Matches(item.Name!, line));
                break;
            case "wide":
                Assert.Matches(item.Wide!, run.Stdout.Split('\n')[0]);
                break;
            default:
                Assert.Matches(new Regex(item.Table, RegexOptions.Multiline), run.Stdout);
                break;
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task Watch_Format_PrintsTheTransitionWithItsFields(string format)
    {
        var watch = CliRun.InProcessAsync("watch", "--count", "1", "--timeout", "30", "-o", format, "--server", fleet.Server.Url, "--token", fleet.Server.Token);
        var up = false;
        while (!watch.IsCompleted)
        {
            // Until the watch has seen one: the stream holds changes from the moment it connects, which the test cannot see.
            await fleet.SetAdminStateAsync("web-ok", up);
            up = !up;
            await Task.WhenAny(watch, Task.Delay(500, TestContext.Current.CancellationToken));
        }

        var run = await watch;
        await fleet.SetAdminStateAsync("web-ok", true);

        Assert.True(run.ExitCode == 0, run.Stderr);
        string[] fields = ["event", "member_id", "from", "to", "at"];
        switch (format)
        {
            case "json":
                AssertFields(JsonNode.Parse(run.Stdout.Trim().Split('\n')[0]), fields, run.Stdout);
                break;
            case "yaml":
                var errors = new FieldErrorList();
                var parsed = YamlToJson.Parse(run.Stdout, errors);
                Assert.False(errors.HasErrors, run.Stdout);
                AssertFields(parsed, fields, run.Stdout);
                break;
            default:
                Assert.StartsWith("Watching ", run.Stdout, StringComparison.Ordinal);
                Assert.True(Regex.IsMatch(run.Stdout, @"web-ok \(mbr-[0-9a-f]{20}\)\s+\w+ -> \w+"), run.Stdout);
                break;
        }
    }

    private static void AssertFields(JsonNode? root, string[] paths, string output)
    {
        foreach (var path in paths)
        {
            Assert.True(Has(root, path), $"no {path} in:\n{output}");
        }
    }

    /// <summary>Whether <paramref name="path"/> (<c>a.b[0].c</c>, <c>[0].id</c>) names a field that is present (null counts as present).</summary>
    private static bool Has(JsonNode? node, string path)
    {
        foreach (Match step in Regex.Matches(path, @"([^.\[\]]+)|\[(\d+)\]"))
        {
            if (step.Groups[2].Success)
            {
                if (node is not JsonArray array || array.Count <= int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
                {
                    return false;
                }

                node = array[int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)];
            }
            else
            {
                if (node is not JsonObject obj || !obj.ContainsKey(step.Groups[1].Value))
                {
                    return false;
                }

                node = obj[step.Groups[1].Value];
            }
        }

        return true;
    }

    /// <summary>The server and its fleet: web-ok Healthy, web-down Unhealthy, one credential of each kind.</summary>
    public sealed class SeededFleet : IAsyncLifetime
    {
        private LoopbackHttpServer? _backend;

        public CliTestServer Server { get; private set; } = null!;

        public TempFile FleetFile { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Server = await CliTestServer.StartAsync();
            _backend = LoopbackHttpServer.WithStatus(200, "OK");
            FleetFile = new TempFile(FleetYaml.Web(_backend.Port, LoopbackPorts.Closed()));
            Assert.Equal(0, (await Server.RunAsync("apply", "-f", FleetFile.Path)).ExitCode);
            foreach (var kind in new[] { "access-keys", "ovh-credentials", "huawei-credentials" })
            {
                var created = await Server.RunAsync(kind, "create");
                Assert.True(created.ExitCode == 0, created.Stderr);
            }

            (await Server.WaitForStatusAsync(s =>
                CliTestServer.StateOf(s, "web-ok") == "Healthy" && CliTestServer.StateOf(s, "web-down") == "Unhealthy")).Dispose();

            // The live state comes first; the recorder writes the transition a moment later, and history reads the store.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var history = await Server.RunAsync("history", "web-down", "-o", "json");
                using var doc = JsonDocument.Parse(history.Stdout);
                if (doc.RootElement.GetProperty("transitions").GetArrayLength() > 0)
                {
                    break;
                }

                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "web-down's transition did not reach its history within 20 s");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }

        /// <summary>Switches a member on or off through the API (each switch is a transition the event stream carries).</summary>
        public async Task SetAdminStateAsync(string member, bool up)
        {
            using var http = new HttpClient { BaseAddress = new Uri(Server.Url) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.Token);
            using var list = await http.GetAsync(new Uri($"/api/v1/members?name={member}", UriKind.Relative), TestContext.Current.CancellationToken);
            using var doc = JsonDocument.Parse(await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var id = doc.RootElement.GetProperty("members")[0].GetProperty("id").GetString();
            using var put = await http.PutAsJsonAsync(new Uri($"/api/v1/members/{id}", UriKind.Relative), new { admin_state_up = up },
                TestContext.Current.CancellationToken);
            put.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            if (_backend is not null)
            {
                await _backend.DisposeAsync();
            }

            FleetFile?.Dispose();
        }
    }
}
