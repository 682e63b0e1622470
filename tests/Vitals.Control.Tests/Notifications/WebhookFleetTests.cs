using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vitals.Control.Fleet;
using Vitals.Core.Notifications;
using Vitals.Core.Resources;
using Vitals.Core.Targets;
using Vitals.Storage;
using Vitals.Storage.Filters;
using Vitals.Storage.Sqlite;
using Vitals.Testing;

namespace Vitals.Control.Tests.Notifications;

/// <summary>
/// Webhooks and Alertmanagers through the fleet service over a real SQLite file: generated secrets, the target policy it
/// is given (the host's own addresses included), no observer is told (nothing caches them), rotation on the given clock.
/// </summary>
public sealed class WebhookFleetTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"vitals-whk-{Guid.NewGuid():N}.db");
    private SqliteStore _store = null!;
    private string _project = "";

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(_path, _time);
        _project = (await _store.CreateProjectAsync(new Project("", "p", default), null, CancellationToken.None)).Value!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Create_GeneratesAWellFormedSecretPerWebhook_AndTellsNoObserver()
    {
        var ct = TestContext.Current.CancellationToken;
        var observer = new CountingObserver();
        var sut = new FleetService(_store, [observer], NullLogger<FleetService>.Instance, time: _time);

        var secrets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            var created = await sut.CreateWebhookAsync(_project, new WebhookInput { Url = $"https://{i}.example/hook" }, ct);
            Assert.Equal(FleetOutcome.Created, created.Outcome);
            Assert.True(WebhookSecrets.IsWellFormed(created.Value!.RevealedSecret), created.Value.RevealedSecret);
            Assert.Equal(created.Value.RevealedSecret, created.Value.Webhook.Secret);
            secrets.Add(created.Value.RevealedSecret!);
            Assert.Null((await sut.GetWebhookAsync(_project, created.Value.Webhook.Id, ct)).Value!.RevealedSecret);
        }

        var am = await sut.CreateAlertmanagerAsync(_project, new AlertmanagerInput { Url = "http://10.0.0.5:9093" }, ct);
        Assert.Equal(20, secrets.Count);
        Assert.Equal(FleetOutcome.Created, am.Outcome);
        Assert.Equal(0, observer.Count);
    }

    [Theory]
    [InlineData("http://192.0.2.44/hook", "the server host itself")]
    [InlineData("http://[::ffff:192.0.2.44]/hook", "the server host itself")]
    [InlineData("http://10.1.2.3/hook", "--deny-targets")]
    [InlineData("http://[fd00:ec2::254]/", "cloud metadata")]
    [InlineData("http://100.100.100.200/", "cloud metadata")]
    public async Task TargetPolicy_RefusesTheUrlsAddressLiteral_ForWebhooksAndAlertmanagers(string url, string rule)
    {
        var ct = TestContext.Current.CancellationToken;
        var policy = new TargetPolicy([], [IPNetwork.Parse("10.1.0.0/16")], [IPAddress.Parse("192.0.2.44")]);
        var sut = new FleetService(_store, [], NullLogger<FleetService>.Instance, policy, time: _time);

        var webhook = await sut.CreateWebhookAsync(_project, new WebhookInput { Url = url }, ct);
        var alertmanager = await sut.CreateAlertmanagerAsync(_project, new AlertmanagerInput { Url = url.TrimEnd('/').Replace("/hook", "", StringComparison.Ordinal) }, ct);

        Assert.Equal(FleetOutcome.Invalid, webhook.Outcome);
        Assert.Contains(rule, Assert.Single(webhook.Errors, e => e.Field == "url").Message, StringComparison.Ordinal);
        Assert.Equal(FleetOutcome.Invalid, alertmanager.Outcome);
        Assert.Contains(rule, Assert.Single(alertmanager.Errors, e => e.Field == "url").Message, StringComparison.Ordinal);
        Assert.Empty((await _store.ListWebhooksAsync(_project, WebhookFilter.All, new PageRequest(0, 10), ct)).Items);
        Assert.Empty((await _store.ListAlertmanagersAsync(_project, AlertmanagerFilter.All, new PageRequest(0, 10), ct)).Items);
    }

    [Fact]
    public async Task Rotate_PreviousExpiresOnTheGivenClock_DefaultADay()
    {
        var ct = TestContext.Current.CancellationToken;
        var sut = new FleetService(_store, [], NullLogger<FleetService>.Instance, time: _time);
        var created = (await sut.CreateWebhookAsync(_project, new WebhookInput { Url = "https://a.example" }, ct)).Value!;

        _time.Advance(TimeSpan.FromMinutes(5));
        var rotated = await sut.RotateWebhookSecretAsync(_project, created.Webhook.Id, null, ct);
        var bad = await sut.RotateWebhookSecretAsync(_project, created.Webhook.Id, new RotateWebhookSecretInput { PreviousSecretExpiresIn = -5 }, ct);
        var missing = await sut.RotateWebhookSecretAsync(_project, "whk-missing", null, ct);

        Assert.Equal(FleetOutcome.Ok, rotated.Outcome);
        Assert.Equal(_time.GetUtcNow().AddDays(1), rotated.Value!.Webhook.PreviousSecretExpiresAt);
        Assert.Equal(created.RevealedSecret, rotated.Value.Webhook.PreviousSecret);
        Assert.NotEqual(created.RevealedSecret, rotated.Value.RevealedSecret);
        Assert.Equal(FleetOutcome.Invalid, bad.Outcome);
        Assert.Equal(FleetOutcome.NotFound, missing.Outcome);
        Assert.Equal(rotated.Value.RevealedSecret, (await _store.GetWebhookAsync(_project, created.Webhook.Id, ct))!.Secret);
    }

    private sealed class CountingObserver : IFleetObserver
    {
        private readonly ConcurrentQueue<Resource> _seen = new();

        public int Count => _seen.Count;

        public void OnUpserted(Resource resource) => _seen.Enqueue(resource);

        public void OnDeleted(Resource resource) => _seen.Enqueue(resource);
    }
}
