using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

public sealed class OverviewNavigationTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    private static readonly string[] States = ["Healthy", "Unhealthy", "Initial", "Unused", "Unavailable"];

    [Fact]
    public async Task Overview_FailingMember_ShowsCountsReasonAndSince()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var markup = fleet.Members["web-markup"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();

        await Expect(session.Page).ToHaveURLAsync(new Regex("#/overview$"));
        await AssertCountsAgreeWithApiAsync(session, cancellationToken);

        var row = session.MemberRow("non-healthy", markup);
        await Expect(row.Locator("span.state")).ToHaveAttributeAsync("data-state", "Unhealthy");
        await Expect(row.Locator("span.state")).ToContainTextAsync("Unhealthy");
        await Expect(row.Locator($"a[href='#/members/{markup}']")).ToBeVisibleAsync();
        await ExpectReasonWordsAsync(row.Locator("[data-testid=reason]"), markup, cancellationToken);
        await Expect(row.Locator("[data-testid=since]")).ToHaveTextAsync(new Regex(@"\d"));
        // Healthy members are not listed.
        await Expect(session.MemberRow("non-healthy", fleet.Members["web-1"])).ToHaveCountAsync(0);
        await session.ScreenshotAsync("overview");
    }

    [Fact]
    public async Task Navigation_ClickLoadBalancerListenerPoolMember_ShowsLastCheck()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var markup = fleet.Members["web-markup"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        var page = session.Page;

        await page.Locator("nav[aria-label=Main]").GetByRole(AriaRole.Link, new() { Name = "Load balancers", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/loadbalancers$"));
        await session.ScreenshotAsync("loadbalancers");
        await page.GetByRole(AriaRole.Link, new() { Name = "edge", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/loadbalancers/{fleet.LoadBalancerId}$"));
        await session.ScreenshotAsync("loadbalancer");
        // Listener rows link as "PROTOCOL:PORT" with the name below, so the link is found by where it leads.
        await page.Locator($"a[href='#/listeners/{fleet.WebListenerId}']").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/listeners/{fleet.WebListenerId}$"));
        await session.ScreenshotAsync("listener");
        // The listener page links its server group twice (heading and facts); either leads to the pool.
        await page.GetByRole(AriaRole.Link, new() { Name = "web-pool", Exact = true }).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/pools/{fleet.WebPoolId}$"));
        await Expect(page.Locator("dl[data-testid=monitor]")).ToBeVisibleAsync();
        var row = session.MemberRow("members", markup);
        await Expect(row.Locator("span.state")).ToHaveAttributeAsync("data-state", "Unhealthy");
        await ExpectReasonWordsAsync(row.Locator("[data-testid=reason]"), markup, cancellationToken);
        await session.ScreenshotAsync("pool");
        await row.Locator($"a[href='#/members/{markup}']").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/members/{markup}$"));

        using var health = await fleet.Api.MemberHealthAsync(markup, cancellationToken);
        var lastCheck = page.Locator("dl[data-testid=last-check]");
        await Expect(ConsoleSession.Definition(lastCheck, "Status").Locator("span.state")).ToHaveAttributeAsync("data-state", "Unhealthy");
        await ExpectReasonWordsAsync(ConsoleSession.Definition(lastCheck, "Reason"), markup, cancellationToken);
        await Expect(ConsoleSession.Definition(lastCheck, "Check code")).ToContainTextAsync("L7STS");
        await Expect(ConsoleSession.Definition(lastCheck, "Status code")).ToContainTextAsync("500");
        await Expect(ConsoleSession.Definition(lastCheck, "Target")).ToContainTextAsync(health.RootElement.GetProperty("target").GetString()!);
        await Expect(ConsoleSession.Definition(lastCheck, "Check time")).ToHaveTextAsync(new Regex(@"\d"));
        await Expect(page.Locator("pre[data-testid=content]")).ToHaveTextAsync(ConsoleFleet.MarkupBody);
        await Expect(page.Locator("ol[data-testid=timeline] > li").First).ToBeVisibleAsync();
        await Expect(page.Locator("svg[data-testid=latency-chart]")).ToBeVisibleAsync();
        await Expect(page.Locator("dl[data-testid=monitor]")).ToBeVisibleAsync();
        await session.ScreenshotAsync("member");
    }

    /// <summary>
    /// The reason in words: the API's <c>reason</c> sentence when the server gives one, else at least words rather
    /// than the bare code.
    /// </summary>
    private async Task ExpectReasonWordsAsync(ILocator reason, string memberId, CancellationToken cancellationToken)
    {
        using var health = await fleet.Api.MemberHealthAsync(memberId, cancellationToken);
        if (health.RootElement.TryGetProperty("reason", out var sentence) && sentence.ValueKind == JsonValueKind.String)
        {
            await Expect(reason).ToContainTextAsync(sentence.GetString()!);
        }
        else
        {
            await Expect(reason).ToHaveTextAsync(new Regex("[A-Za-z]+ [A-Za-z]+"));
        }
    }

    /// <summary>
    /// The five counters show what the API says. Both sides are live (an earlier test may have left a member
    /// re-checking), so they are compared again until they agree, for at most 10 s.
    /// </summary>
    private async Task AssertCountsAgreeWithApiAsync(ConsoleSession session, CancellationToken cancellationToken)
    {
        var counters = States.ToDictionary(static s => s, s => session.Page.Locator($"[data-testid=count-{s}]"), StringComparer.Ordinal);
        foreach (var counter in counters.Values)
        {
            await Expect(counter).ToHaveTextAsync(new Regex(@"^\s*\d+\s*$"));
        }

        var difference = "";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var expected = await ProjectCountsAsync(cancellationToken);
            var shown = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (state, counter) in counters)
            {
                shown[state] = (await counter.TextContentAsync())?.Trim() ?? "";
            }

            difference = string.Join(", ", States
                .Where(s => shown[s] != expected[s].ToString(CultureInfo.InvariantCulture))
                .Select(s => $"{s}: shown {shown[s]}, API {expected[s]}"));
            if (difference.Length == 0)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        Assert.Fail($"the overview's counts disagree with the API: {difference}");
    }

    /// <summary>The project's counts per state, summed over its pools' health (the REST view of what the overview shows).</summary>
    private async Task<Dictionary<string, int>> ProjectCountsAsync(CancellationToken cancellationToken)
    {
        var counts = States.ToDictionary(static s => s, static _ => 0, StringComparer.Ordinal);
        using var pools = await fleet.Api.GetAsync("/api/v1/pools?limit=1000", cancellationToken);
        foreach (var pool in pools.RootElement.GetProperty("pools").EnumerateArray())
        {
            using var health = await fleet.Api.GetAsync($"/api/v1/pools/{pool.GetProperty("id").GetString()}/health?non_healthy_limit=0", cancellationToken);
            foreach (var state in States)
            {
                counts[state] += health.RootElement.GetProperty("counts").GetProperty(state).GetInt32();
            }
        }

        return counts;
    }
}
