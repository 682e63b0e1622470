using System.Net;
using System.Text.RegularExpressions;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Console;

/// <summary>How the server serves the console's files (the pages themselves are driven in Chromium by Vitals.Console.Tests).</summary>
public sealed partial class ConsoleEndpointsTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await RunningServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Root_WithoutCredentials_ServesThePageWithAStrictContentSecurityPolicy()
    {
        using var client = _server.Anonymous();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("<script type=\"module\" src=\"/console/js/app.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_EveryFileThePageAndItsModulesReference_IsServedWithItsMediaType()
    {
        using var client = _server.Anonymous();
        var pending = new Queue<string>(["/"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path) && seen.Count < 100)
        {
            if (!seen.Add(path))
            {
                continue;
            }

            using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var expected = Path.GetExtension(path) switch
            {
                ".js" => "text/javascript",
                ".css" => "text/css",
                ".svg" => "image/svg+xml",
                _ => "text/html",
            };
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
            foreach (var reference in References(path, text))
            {
                pending.Enqueue(reference);
            }
        }

        Assert.Contains("/console/js/pages/member.js", seen);
        Assert.Contains("/console/console.css", seen);
        Assert.True(seen.Count >= 12, $"only {seen.Count} files reached: {string.Join(", ", seen)}");
    }

    [Fact]
    public async Task Assets_NothingIsLoadedFromAnotherOriginAndNoBackendTextCanBecomeMarkup()
    {
        using var client = _server.Anonymous();
        foreach (var path in new[] { "/", "/console/js/app.js", "/console/js/ui.js", "/console/js/api.js", "/console/js/chart.js",
                     "/console/js/pages/overview.js", "/console/js/pages/topology.js", "/console/js/pages/pool.js",
                     "/console/js/pages/member.js", "/console/js/pages/monitor-form.js", "/console/js/pages/instances.js",
                     "/console/js/pages/shared.js", "/console/js/pages/paged.js", "/console/console.css" })
        {
            var text = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.DoesNotMatch(ExternalReference(), text);
            // The console builds every node with createElement/textContent; these would parse strings as markup or code.
            Assert.DoesNotMatch(MarkupSink(), text);
        }
    }

    [Fact]
    public async Task Modules_EveryNamedImport_IsExportedByItsModule()
    {
        // A name imported but not exported fails the whole page at load in the browser, with nothing on screen.
        using var client = _server.Anonymous();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        async Task<string> SourceAsync(string path) => sources.TryGetValue(path, out var text)
            ? text
            : sources[path] = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

        var pending = new Queue<string>(["/console/js/app.js"]);
        var checkedImports = 0;
        while (pending.TryDequeue(out var path))
        {
            var source = await SourceAsync(path);
            foreach (Match import in NamedImport().Matches(source))
            {
                var target = new Uri(new Uri("http://x" + path), import.Groups["from"].Value).AbsolutePath;
                if (!sources.ContainsKey(target))
                {
                    pending.Enqueue(target);
                }

                var exported = await SourceAsync(target);
                foreach (var name in import.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    Assert.True(Regex.IsMatch(exported, $@"export\s+(async\s+)?(function|const|let|class)\s+{Regex.Escape(name)}\b"),
                        $"{path} imports {name} from {target}, which does not export it");
                    checkedImports++;
                }
            }
        }

        Assert.True(checkedImports > 40, $"only {checkedImports} imports seen");
    }

    [Fact]
    public async Task Asset_WithItsETag_AnswersNotModified()
    {
        using var client = _server.Anonymous();
        using var first = await client.GetAsync(new Uri("/console/js/app.js", UriKind.Relative), TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/js/app.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Theory]
    [InlineData("/console/js/missing.js")]
    [InlineData("/console/../vitals.db")]
    [InlineData("/console/")]
    public async Task Asset_ThatDoesNotExist_Is404(string path)
    {
        using var client = _server.Anonymous();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Root_WithAnAlibabaAction_StillReachesTheRpcEndpoint()
    {
        using var client = _server.Anonymous();
        using var response = await client.GetAsync(new Uri("/?Action=GetListenerHealthStatus&Version=2022-04-30", UriKind.Relative),
            TestContext.Current.CancellationToken);

        // Unsigned, so refused, but by the RPC endpoint in Alibaba's error shape, not answered with the console page.
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("\"Code\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_OnThePage_AnswersWithoutABody()
    {
        using var client = _server.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private static IEnumerable<string> References(string path, string text)
    {
        var directory = path.EndsWith('/') ? path : path[..(path.LastIndexOf('/') + 1)];
        foreach (Match match in ReferencePattern().Matches(text))
        {
            var target = match.Groups["url"].Value;
            yield return target.StartsWith('/') ? target : new Uri(new Uri("http://x" + directory), target).AbsolutePath;
        }
    }

    [GeneratedRegex("""(?:src|href)="(?<url>/console/[^"]+)"|from '(?<url>\.{1,2}/[^']+)'""")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//|from\s+["'](?:https?:)?//""")]
    private static partial Regex ExternalReference();

    [GeneratedRegex(@"import\s*\{(?<names>[^}]*)\}\s*from\s*'(?<from>[^']+)'")]
    private static partial Regex NamedImport();

    [GeneratedRegex(@"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")]
    private static partial Regex MarkupSink();
}
