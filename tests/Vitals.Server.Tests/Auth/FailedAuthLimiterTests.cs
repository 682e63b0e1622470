using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vitals.Server.Auth;
using Vitals.Server.Tests.Metrics;
using Vitals.Server.Tests.Support;
using Vitals.Testing;

namespace Vitals.Server.Tests.Auth;

/// <summary>
/// Failed authentications over real sockets: a source that fails <see cref="Burst"/> times is answered 429 in the
/// caller's dialect (even with a valid credential) until the limiter's clock refills it; other sources are untouched.
/// </summary>
public sealed class FailedAuthLimiterTests : IAsyncLifetime
{
    private const int Burst = 5;
    private const string WrongToken = "wrong-token-0123456789abcdefghij";

    private readonly ManualTimeProvider _clock = new();
    private RunningServer _server = null!;

    public async ValueTask InitializeAsync() =>
        _server = await RunningServer.StartAsync(
            services => services.AddSingleton(sp => new FailedAuthLimiter(sp.GetRequiredService<IOptions<VitalsServerOptions>>(), _clock,
                NullLogger<FailedAuthLimiter>.Instance)),
            options: static o => o.FailedAuth.Burst = Burst);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Native_BurstOfWrongTokens_ThrottlesThatSourceOnly_UntilTheClockRefills()
    {
        var ct = TestContext.Current.CancellationToken;
        using var guesser = SourceClient.From("127.0.0.2", _server.BaseAddress, WrongToken);
        using var guesserWithAdmin = SourceClient.From("127.0.0.2", _server.BaseAddress, RunningServer.AdminToken);
        using var bystander = SourceClient.From("127.0.0.3", _server.BaseAddress, RunningServer.AdminToken);

        for (var i = 0; i < Burst; i++)
        {
            using var refused = await guesser.GetAsync("/api/v1/projects", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var throttled = await guesserWithAdmin.GetAsync("/api/v1/projects", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", throttled.Headers.GetValues("Retry-After").Single());
        using (var problem = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync(ct)))
        {
            Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        }

        using (var other = await bystander.GetAsync("/api/v1/projects", ct))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        using (var afterRefill = await guesserWithAdmin.GetAsync("/api/v1/projects", ct))
        {
            Assert.Equal(HttpStatusCode.OK, afterRefill.StatusCode);
        }

        // One permit earned back: one more wrong guess, then throttled again.
        using (var guess = await guesser.GetAsync("/api/v1/projects", ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        using (var again = await guesserWithAdmin.GetAsync("/api/v1/projects", ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        }
    }

    [Fact]
    public async Task Native_SuccessfulRequests_NeverTakeAPermit()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = SourceClient.From("127.0.0.4", _server.BaseAddress, RunningServer.AdminToken);

        for (var i = 0; i < Burst * 4; i++)
        {
            using var response = await admin.GetAsync("/api/v1/projects", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // A missing token is not a guess either.
        using var anonymous = SourceClient.From("127.0.0.4", _server.BaseAddress);
        for (var i = 0; i < Burst * 2; i++)
        {
            using var response = await anonymous.GetAsync("/api/v1/projects", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var still = await admin.GetAsync("/api/v1/projects", ct);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Huawei_BurstOfWrongTokens_Is429InHuaweiShape()
    {
        var ct = TestContext.Current.CancellationToken;
        var (projectId, project) = await _server.CreateProjectAsync("hw");
        project.Dispose();
        using var guesser = SourceClient.From("127.0.0.5", _server.BaseAddress);
        guesser.DefaultRequestHeaders.Add("X-Auth-Token", WrongToken);

        for (var i = 0; i < Burst; i++)
        {
            using var refused = await guesser.GetAsync($"/v3/{projectId}/elb/pools", ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var throttled = await guesser.GetAsync($"/v3/{projectId}/elb/pools", ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("1", throttled.Headers.GetValues("Retry-After").Single());
        using var body = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync(ct));
        Assert.Equal("APIGW.0308", body.RootElement.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error_msg").GetString()));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task Alibaba_BurstOfUnknownAccessKeys_Is429ThrottlingWithRequestId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var guesser = SourceClient.From("127.0.0.6", _server.BaseAddress);

        for (var i = 0; i < Burst; i++)
        {
            using var refused = await guesser.GetAsync(AlibabaCall(), ct);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode); // InvalidAccessKeyId.NotFound
        }

        using var throttled = await guesser.GetAsync(AlibabaCall(), ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("1", throttled.Headers.GetValues("Retry-After").Single());
        using var body = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync(ct));
        Assert.Equal("Throttling", body.RootElement.GetProperty("Code").GetString());
        var requestId = body.RootElement.GetProperty("RequestId").GetString();
        Assert.False(string.IsNullOrEmpty(requestId));
        Assert.Equal(requestId, throttled.Headers.GetValues("x-acs-request-id").Single());
    }

    [Fact]
    public async Task Ovh_BurstOfUnknownApplicationKeys_Is429InOvhShape()
    {
        var ct = TestContext.Current.CancellationToken;
        using var guesser = SourceClient.From("127.0.0.7", _server.BaseAddress);
        guesser.DefaultRequestHeaders.Add("X-Ovh-Application", "no-such-application-key");
        guesser.DefaultRequestHeaders.Add("X-Ovh-Consumer", "no-such-consumer-key");

        for (var i = 0; i < Burst; i++)
        {
            using var refused = await guesser.GetAsync("/1.0/ipLoadbalancing", ct);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // INVALID_KEY
        }

        using var throttled = await guesser.GetAsync("/1.0/ipLoadbalancing", ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("1", throttled.Headers.GetValues("Retry-After").Single());
        using var body = JsonDocument.Parse(await throttled.Content.ReadAsStringAsync(ct));
        Assert.Equal("Client::TooManyRequests", body.RootElement.GetProperty("class").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Metrics_CountFailuresAndThrottledRequestsPerSurface()
    {
        var ct = TestContext.Current.CancellationToken;
        using var guesser = SourceClient.From("127.0.0.8", _server.BaseAddress, WrongToken);
        for (var i = 0; i < Burst + 2; i++)
        {
            using var response = await guesser.GetAsync("/api/v1/projects", ct);
        }

        using var admin = _server.Admin();
        var scrape = await MetricsScrape.GetAsync(admin);

        Assert.Equal("counter", scrape.Types["vitals_auth_failures_total"]);
        Assert.Equal("counter", scrape.Types["vitals_auth_throttled_total"]);
        Assert.Equal(Burst, Sample(scrape, "vitals_auth_failures_total", "native"));
        Assert.Equal(2, Sample(scrape, "vitals_auth_throttled_total", "native"));
        Assert.Equal(0, Sample(scrape, "vitals_auth_failures_total", "huawei"));
        Assert.Equal(0, Sample(scrape, "vitals_auth_throttled_total", "ovh"));

        // Server-wide figures: a project token's scrape does not show them.
        var (_, project) = await _server.CreateProjectAsync("metrics");
        using (project)
        {
            Assert.False((await MetricsScrape.GetAsync(project)).Has("vitals_auth_failures_total"));
        }
    }

    private static Uri AlibabaCall()
    {
        // Signature v1 parameters with a current timestamp and a fresh nonce, signed by a key the server does not know.
        var timestamp = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new Uri("/?Action=GetListenerHealthStatus&Version=2022-04-30&ListenerId=lsn-x&Format=JSON"
            + "&AccessKeyId=LTAInosuchkey00000000000&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0"
            + $"&SignatureNonce={Guid.NewGuid():N}&Timestamp={Uri.EscapeDataString(timestamp)}&Signature=AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D",
            UriKind.Relative);
    }

    private static double Sample(MetricsScrape scrape, string name, string surface) =>
        Assert.Single(scrape.Samples, s => s.Name == name && s["surface"] == surface).Value;
}
