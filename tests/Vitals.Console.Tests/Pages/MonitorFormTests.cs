using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

public sealed class MonitorFormTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task MonitorForm_DelayOutOfRange_ShowsApiMessageAndChangesNothing_ThenValidDelaySaves()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var monitorPath = $"/api/v1/healthmonitors/{fleet.EditMonitorId}";
        // The API's own words for this mistake (a refused PUT changes nothing).
        var (status, refusal) = await fleet.Api.PutAsync(monitorPath, new { delay = 0 }, cancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = refusal.RootElement.GetProperty("errors").GetProperty("delay")[0].GetString()!;
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        var page = session.Page;
        await session.GoAsync($"#/pools/{fleet.EditPoolId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit monitor", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/pools/{fleet.EditPoolId}/monitor$"));
        var form = page.Locator("form[data-testid=monitor-form]");
        var delay = form.Locator("input[name=delay]");
        await Expect(delay).ToHaveValueAsync(ConsoleFleet.EditDelay.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await delay.FillAsync("0");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(form.Locator("[data-error-for=delay]")).ToContainTextAsync(message);
        await Expect(delay).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page).ToHaveURLAsync(new Regex($"#/pools/{fleet.EditPoolId}/monitor$"));
        await session.ScreenshotAsync("monitor-form-error");
        Assert.Equal(ConsoleFleet.EditDelay, await MonitorDelayAsync(monitorPath, cancellationToken));

        await delay.FillAsync("7");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"#/pools/{fleet.EditPoolId}$"));
        var monitor = page.Locator("dl[data-testid=monitor]");
        var delayTerm = monitor.Locator("dt", new() { HasTextRegex = new Regex("delay|interval", RegexOptions.IgnoreCase) });
        await Expect(delayTerm.Locator("xpath=following-sibling::dd[1]")).ToHaveTextAsync(new Regex(@"(^|\D)7(\D|$)"));
        await session.ScreenshotAsync("monitor-saved");
        Assert.Equal(7, await MonitorDelayAsync(monitorPath, cancellationToken));
    }

    private async Task<int> MonitorDelayAsync(string path, CancellationToken cancellationToken)
    {
        using var monitor = await fleet.Api.GetAsync(path, cancellationToken);
        return monitor.RootElement.GetProperty("delay").GetInt32();
    }
}
