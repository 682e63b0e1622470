using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>The Notifications page: the project's webhooks (URL, events, enabled, where its deliveries stand) and Alertmanagers, reached from the navigation.</summary>
public sealed class NotificationsTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task Notifications_ListsWebhooksAndAlertmanagers_NeverTheSecret()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        // Switched off: nothing is ever sent to these made-up receivers.
        using var everything = await fleet.Api.PostAsync("/api/v1/webhooks", new
        {
            name = $"all-{suffix}", url = $"https://hooks.example.invalid/{suffix}", admin_state_up = false,
        }, cancellationToken);
        var secret = everything.RootElement.GetProperty("secret").GetString()!;
        var allId = everything.RootElement.GetProperty("id").GetString()!;
        var opsId = await fleet.Api.CreateAsync("webhooks", new
        {
            name = $"ops-{suffix}", url = $"https://ops.example.invalid/{suffix}", events = new[] { "member.transition", "pool.panic_started" },
            states = new[] { "Unhealthy" }, admin_state_up = false, description = "on-call channel",
        }, cancellationToken);
        var amId = await fleet.Api.CreateAsync("alertmanagers", new { name = $"am-{suffix}", url = "http://10.255.0.9:9093", admin_state_up = false },
            cancellationToken);

        // A receiver that refuses connections: its test event fails, and the webhook is failing.
        var deadPort = Vitals.Testing.LoopbackTcp.RefusedPort().Port;
        var downId = await fleet.Api.CreateAsync("webhooks", new { name = $"down-{suffix}", url = $"http://127.0.0.1:{deadPort}/hook" },
            cancellationToken);
        using (await fleet.Api.PostAsync($"/api/v1/webhooks/{downId}/test", new { }, cancellationToken))
        {
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var down = await fleet.Api.GetAsync($"/api/v1/webhooks/{downId}", cancellationToken);
            if (down.RootElement.GetProperty("delivery").GetProperty("state").GetString() == "failing")
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the webhook never became failing");
            await Task.Delay(100, cancellationToken);
        }

        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.Page.Locator("nav[aria-label=Main]").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();

        await Expect(session.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Notifications", Level = 1 })).ToBeVisibleAsync();
        await Expect(session.Page.Locator("nav a[data-section=notifications]")).ToHaveAttributeAsync("aria-current", "page");
        var all = session.Page.Locator($"table[data-testid=webhooks] tbody tr[data-webhook-id={allId}]");
        var ops = session.Page.Locator($"table[data-testid=webhooks] tbody tr[data-webhook-id={opsId}]");
        await Expect(all).ToContainTextAsync($"https://hooks.example.invalid/{suffix}");
        await Expect(all.Locator("[data-testid=events]")).ToHaveTextAsync("All events");
        await Expect(all.Locator("[data-testid=enabled]")).ToHaveTextAsync("No");
        await Expect(all).ToContainTextAsync("secret whsec_…" + secret[^4..]);
        await Expect(all.Locator("[data-testid=delivery] [data-state]")).ToHaveTextAsync("OK");
        var failing = session.Page.Locator($"table[data-testid=webhooks] tbody tr[data-webhook-id={downId}] [data-testid=delivery]");
        await Expect(failing.Locator("[data-state=failing]")).ToHaveTextAsync("Failing");
        await Expect(failing).ToContainTextAsync("1 waiting");
        await Expect(failing.Locator("[data-testid=last-error]")).ToContainTextAsync(
            new System.Text.RegularExpressions.Regex(@"Connection refused .*\(attempt \d+, next "));
        await Expect(ops.Locator("[data-testid=events]")).ToHaveTextAsync("member.transition, pool.panic_started");
        await Expect(ops.Locator("[data-testid=states]")).ToHaveTextAsync("Unhealthy");
        await Expect(ops).ToContainTextAsync("on-call channel");
        var am = session.Page.Locator($"table[data-testid=alertmanagers] tbody tr[data-alertmanager-id={amId}]");
        await Expect(am).ToContainTextAsync("http://10.255.0.9:9093");
        await Expect(am.Locator("[data-testid=enabled]")).ToHaveTextAsync("No");
        Assert.DoesNotContain(secret, await session.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(session.Problems, p => p.StartsWith("page error", StringComparison.Ordinal) || p.StartsWith("response", StringComparison.Ordinal));
        await session.ScreenshotAsync("notifications");
    }
}
