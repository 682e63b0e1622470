using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// Sends a surface's generated requests one after another, bounded by count and by time, and collects every failure:
/// a 5xx, no answer within <see cref="RequestTimeout"/>, a refused request that changed state, a JSON answer without
/// <c>nosniff</c> or that does not parse, a 4xx not in the surface's error shape. The seed and count to replay are in
/// the failure message. Settings: <c>VITALS_FUZZ_SEED</c> (a number, or <c>random</c>), <c>VITALS_FUZZ_COUNT</c>
/// (requests per surface), <c>VITALS_FUZZ_SECONDS</c> (time budget per surface).
/// </summary>
internal static class FuzzRunner
{
    public const int DefaultSeed = 20261207;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    public static int Seed { get; } = Environment.GetEnvironmentVariable("VITALS_FUZZ_SEED") switch
    {
        null or "" => DefaultSeed,
        "random" => Random.Shared.Next(),
        var text => int.Parse(text, CultureInfo.InvariantCulture),
    };

    public static async Task RunAsync(string name, Uri baseAddress, IFuzzSurface surface, int defaultCount, int minimum = 50)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("VITALS_FUZZ_COUNT"), CultureInfo.InvariantCulture, out var c) ? c : defaultCount;
        var budget = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("VITALS_FUZZ_SECONDS"), CultureInfo.InvariantCulture,
            out var s) ? s : 25);
        var seed = Seed;
        var stream = new Random(unchecked(seed + StableHash(name)));
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            // A connection per request: each request stands alone, as its replay does.
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var started = TimeProvider.System.GetTimestamp();
        var sent = 0;
        for (; sent < count && TimeProvider.System.GetElapsedTime(started) < budget; sent++)
        {
            var request = surface.Next(stream);
            var failure = await SendAsync(http, surface, request, statuses);
            if (failure is not null)
            {
                failures.Add($"#{sent} {request}\n    -> {failure}");
            }
        }

        var summary = $"{name}: {sent} requests (seed {seed}) in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s; statuses " +
            string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(failures.Count == 0,
            $"{summary}\n{failures.Count} failed; replay with VITALS_FUZZ_SEED={seed} VITALS_FUZZ_COUNT={sent}:\n" + string.Join("\n", failures.Take(30)));
        Assert.True(sent >= minimum, $"{summary}: fewer than {minimum} requests ran within the budget");
    }

    private static async Task<string?> SendAsync(HttpClient http, IFuzzSurface surface, FuzzRequest request, SortedDictionary<int, int> statuses)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Target, UriKind.Relative));
        foreach (var (key, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(key, value);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        var before = await DigestAsync(surface, request);
        using var timeout = new CancellationTokenSource(RequestTimeout, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, TestContext.Current.CancellationToken);
        HttpResponseMessage response;
        string text;
        try
        {
            response = await http.SendAsync(message, linked.Token);
            text = await response.Content.ReadAsStringAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"no answer within {RequestTimeout.TotalSeconds} s";
        }
        catch (HttpRequestException) when (request.Huge)
        {
            // The server answered 413 and closed before the client finished sending: a refusal.
            return null;
        }
        catch (HttpRequestException e)
        {
            return $"connection failed: {e.Message} {e.InnerException?.Message} {e.InnerException?.InnerException?.Message}";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500)
            {
                return $"{status}: {Shorten(text)}";
            }

            if (status >= 400 && await DigestAsync(surface, request) is var after && after != before)
            {
                return $"{status}, yet the state changed: {Shorten(before)} -> {Shorten(after)}";
            }

            return CheckJson(surface, response.Content.Headers.ContentType, response, status, text);
        }
    }

    private static string? CheckJson(IFuzzSurface surface, MediaTypeHeaderValue? contentType, HttpResponseMessage response, int status, string text)
    {
        if (contentType?.MediaType is not { } media || !media.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!response.Headers.TryGetValues("X-Content-Type-Options", out var options) || !options.Contains("nosniff"))
        {
            return $"{status} {media} without X-Content-Type-Options: nosniff";
        }

        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return status >= 400 && surface.CheckError(document.RootElement) is { } shape ? $"{status} not in the dialect's error shape ({shape}): {Shorten(text)}" : null;
        }
        catch (JsonException e)
        {
            return $"{status} {media} answer is not JSON ({e.Message}): {Shorten(text)}";
        }
    }

    private static async Task<string> DigestAsync(IFuzzSurface surface, FuzzRequest request) =>
        await surface.DigestAsync() + (request.Digest is null ? "" : " " + await request.Digest());

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "...";
}
