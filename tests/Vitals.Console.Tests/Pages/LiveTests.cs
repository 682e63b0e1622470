using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>Open pages follow the engine's verdicts over the event stream, without reloading.</summary>
public sealed class LiveTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    /// <summary>The detection time of web-pool's monitor plus 2 s for the event to reach the page.</summary>
    private static readonly TimeSpan LiveBound = ConsoleFleet.WebDetectionTime + TimeSpan.FromSeconds(2);

    [Fact]
    public async Task PoolPage_BackendDies_RowTurnsUnhealthyWithoutReload()
    {
        var member = fleet.Members["live-pool"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.GoAsync($"#/pools/{fleet.WebPoolId}");
        var state = session.MemberRow("members", member).Locator("span.state");
        await Expect(state).ToHaveAttributeAsync("data-state", "Healthy");
        var navigations = await WatchForReloadAsync(session);

        var elapsed = await KillAndWaitAsync("live-pool", state);

        await session.ScreenshotAsync("live-pool");
        await AssertNotReloadedAsync(session, navigations);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pool page: Unhealthy shown {elapsed.TotalSeconds:F2} s after the backend died (bound {LiveBound.TotalSeconds} s)"));
    }

    [Fact]
    public async Task Overview_BackendDies_RowAppearsUnhealthyWithoutReload()
    {
        var member = fleet.Members["live-overview"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        var unhealthy = session.Page.Locator("[data-testid=count-Unhealthy]");
        await Expect(unhealthy).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*\d+\s*$"));
        var before = int.Parse((await unhealthy.TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);
        await Expect(session.MemberRow("non-healthy", member)).ToHaveCountAsync(0);
        var navigations = await WatchForReloadAsync(session);

        var elapsed = await KillAndWaitAsync("live-overview", session.MemberRow("non-healthy", member).Locator("span.state"));

        await Expect(unhealthy).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        await session.ScreenshotAsync("live-overview");
        await AssertNotReloadedAsync(session, navigations);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overview: Unhealthy shown {elapsed.TotalSeconds:F2} s after the backend died (bound {LiveBound.TotalSeconds} s)"));
    }

    private async Task<TimeSpan> KillAndWaitAsync(string name, ILocator state)
    {
        var clock = Stopwatch.StartNew();
        await fleet.KillBackendAsync(name);
        await Expect(state).ToHaveAttributeAsync("data-state", "Unhealthy", new() { Timeout = (float)LiveBound.TotalMilliseconds });
        return clock.Elapsed;
    }

    /// <summary>Marks the page's window and counts main-frame navigations from now: a reload would lose the mark.</summary>
    private static async Task<List<string>> WatchForReloadAsync(ConsoleSession session)
    {
        await Expect(session.Page.Locator("[data-testid=live]")).ToHaveAttributeAsync("data-live", "true");
        await session.Page.EvaluateAsync("() => { window.__liveMark = 'still-here'; }");
        var navigations = new List<string>();
        session.Page.FrameNavigated += (_, frame) =>
        {
            if (frame == session.Page.MainFrame)
            {
                navigations.Add(frame.Url);
            }
        };
        return navigations;
    }

    private static async Task AssertNotReloadedAsync(ConsoleSession session, List<string> navigations)
    {
        Assert.Empty(navigations);
        Assert.Equal("still-here", await session.Page.EvaluateAsync<string>("() => window.__liveMark"));
    }
}
