using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> is complete enough for a generated client: security, error responses, query parameters,
/// integers, the event stream; and a client generated from it by the usual npm toolchain (tests/interop) works
/// against the live server.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private static readonly string[] InteropPackages = ["@apidevtools/swagger-parser", "openapi-typescript", "openapi-fetch", "typescript"];

    [Fact]
    public async Task Document_EveryApiOperation_SecuredWith401And429AndProblemSchemas()
    {
        await using var server = await RunningServer.StartAsync();
        using var document = await GetDocumentAsync(server);
        var root = document.RootElement;

        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("header", schemes.GetProperty("X-Auth-Token").GetProperty("in").GetString());
        foreach (var (path, method, operation) in Operations(root).Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            Assert.True(operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0, $"{method} {path}: no security");
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "429" })
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{method} {path}: no {status}");
                Assert.Equal("#/components/schemas/ProblemDetails",
                    response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            }

            if (path.Contains('{', StringComparison.Ordinal))
            {
                Assert.True(responses.TryGetProperty("404", out _), $"{method} {path}: no 404");
            }

            if (method is "post" or "put")
            {
                Assert.True(responses.TryGetProperty("413", out _), $"{method} {path}: no 413");
            }

            if (path.StartsWith("/api/v1/projects", StringComparison.Ordinal))
            {
                Assert.True(responses.TryGetProperty("403", out _), $"{method} {path}: no 403");
            }
        }
    }

    [Fact]
    public async Task Document_ListsIntegersAndEvents_TypedWithRanges()
    {
        await using var server = await RunningServer.StartAsync();
        using var document = await GetDocumentAsync(server);
        var root = document.RootElement;

        var list = Operation(root, "/api/v1/members", "get");
        var limit = Parameter(list, "limit").GetProperty("schema");
        Assert.Equal("integer", limit.GetProperty("type").GetString());
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(1000, limit.GetProperty("maximum").GetInt32());
        Assert.Equal("string", Parameter(list, "marker").GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal(65535, Parameter(list, "protocol_port").GetProperty("schema").GetProperty("maximum").GetInt32());
        Assert.Equal("boolean", Parameter(list, "admin_state_up").GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("array", Parameter(list, "id").GetProperty("schema").GetProperty("type").GetString());
        var protocols = Parameter(Operation(root, "/api/v1/listeners", "get"), "protocol").GetProperty("schema").GetProperty("enum");
        Assert.Contains("HTTPS", protocols.EnumerateArray().Select(p => p.GetString()));
        Assert.True(Parameter(Operation(root, "/api/v1/webhooks/{id}/deliveries", "get"), "limit").ValueKind == JsonValueKind.Object);

        // Numbers are numbers: no ["integer","string"] with a digits pattern anywhere.
        var text = root.GetRawText();
        Assert.DoesNotContain("\"pattern\":\"^-?(?:0|[1-9]\\\\d*)$\"", text, StringComparison.Ordinal);
        var numericId = root.GetProperty("components").GetProperty("schemas").GetProperty("LoadBalancerDto").GetProperty("properties").GetProperty("numeric_id");
        Assert.Equal("integer", numericId.GetProperty("type").GetString());

        var events = Operation(root, "/api/v1/events", "get");
        Assert.True(events.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
    }

    [Fact]
    public async Task GeneratedClient_ValidatedGeneratedAndTypeChecked_CreatesGetsAndListsAgainstTheLiveServer()
    {
        var interop = Path.Combine(GrpcHealthServer.FindRepositoryRoot(), "tests", "interop");
        foreach (var package in InteropPackages)
        {
            Assert.True(Directory.Exists(Path.Combine(interop, "node_modules", package)),
                $"npm package {package} is missing in {interop}/node_modules: run eng/install-test-deps.sh");
        }

        await using var server = await RunningServer.StartAsync();
        var outDir = Path.Combine(interop, ".generated", Guid.NewGuid().ToString("N"));
        try
        {
            var (exit, stdout, stderr) = await NodeAsync(interop, "openapi-client.mjs", server.BaseAddress.ToString(), RunningServer.AdminToken, outDir);

            Assert.True(exit == 0, $"openapi-client.mjs exited {exit}:\n{stderr}\n{stdout}");
            Assert.True(File.Exists(Path.Combine(outDir, "vitals-api.mts")), "no generated client");
            using var result = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
            var r = result.RootElement;
            Assert.StartsWith("lb-", r.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.True(r.GetProperty("numericId").GetInt64() > 0);
            Assert.Equal("edge", r.GetProperty("gotName").GetString());
            Assert.Equal("eu-west-1", r.GetProperty("gotRegion").GetString());
            Assert.Equal(1, r.GetProperty("total").GetInt32());
            Assert.Equal([r.GetProperty("id").GetString()], r.GetProperty("listed").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(404, r.GetProperty("missingStatus").GetInt32());
            Assert.False(string.IsNullOrEmpty(r.GetProperty("missingTitle").GetString()));
            Assert.Equal(401, r.GetProperty("unauthorizedStatus").GetInt32());
            Assert.Equal(403, r.GetProperty("forbiddenStatus").GetInt32());

            // What the generated client created is really there, in the project it created.
            using var admin = server.Admin();
            var projects = await admin.GetFromJsonAsync<JsonElement>("/api/v1/projects", TestContext.Current.CancellationToken);
            Assert.Contains(projects.GetProperty("projects").EnumerateArray(),
                p => p.GetProperty("id").GetString() == r.GetProperty("projectId").GetString() && p.GetProperty("name").GetString() == "openapi-client");
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    private static async Task<JsonDocument> GetDocumentAsync(RunningServer server)
    {
        using var client = server.Anonymous();
        client.Timeout = TimeSpan.FromSeconds(120);
        await using var stream = await client.GetStreamAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement root)
    {
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                yield return (path.Name, method.Name, method.Value);
            }
        }
    }

    private static JsonElement Operation(JsonElement root, string path, string method) => root.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Parameter(JsonElement operation, string name) =>
        Assert.Single(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == name);

    private static async Task<(int Exit, string Stdout, string Stderr)> NodeAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
