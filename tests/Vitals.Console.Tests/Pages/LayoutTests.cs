using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

public sealed class LayoutTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Pages_DesktopAndPhoneWidths_NoHorizontalOverflow(int width, int height)
    {
        var size = $"{width}x{height}";
        var markup = fleet.Members["web-markup"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token, width, height);
        await session.SignInAsync();
        var overflowing = new List<string>();

        await Expect(session.MemberRow("non-healthy", markup)).ToBeVisibleAsync();
        await CheckAsync(session, "overview", size, overflowing);
        await session.GoAsync($"#/pools/{fleet.WebPoolId}");
        await Expect(session.MemberRow("members", markup)).ToBeVisibleAsync();
        await CheckAsync(session, "pool", size, overflowing);
        await session.GoAsync($"#/members/{markup}");
        await Expect(session.Page.Locator("pre[data-testid=content]")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("svg[data-testid=latency-chart]")).ToBeVisibleAsync();
        await CheckAsync(session, "member", size, overflowing);

        Assert.Empty(overflowing);
    }

    private static async Task CheckAsync(ConsoleSession session, string page, string size, List<string> overflowing)
    {
        await session.ScreenshotAsync($"layout-{page}-{size}");
        if (await session.OverflowsHorizontallyAsync())
        {
            var widths = await session.Page.EvaluateAsync<string>("() => document.documentElement.scrollWidth + ' > ' + window.innerWidth");
            overflowing.Add($"{page} at {size}: scrollWidth {widths}");
        }
    }
}
