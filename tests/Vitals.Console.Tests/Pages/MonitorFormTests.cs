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

    [Fact]
    public async Task MonitorForm_PoolWithoutMonitor_CreateShowsFieldErrorsThenStartsChecks()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // A new group, unchecked, with one member on a backend that answers 200 (web-1's).
        var poolId = await fleet.Api.CreateAsync("pools", new { name = "new-pool", loadbalancer_id = fleet.LoadBalancerId, protocol = "HTTP" }, cancellationToken);
        int port;
        using (var web1 = await fleet.Api.GetAsync($"/api/v1/members/{fleet.Members["web-1"]}", cancellationToken))
        {
            port = web1.RootElement.GetProperty("protocol_port").GetInt32();
        }

        var memberId = await fleet.Api.CreateAsync("members", new { name = "new-1", pool_id = poolId, address = "127.0.0.1", protocol_port = port }, cancellationToken);
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        var page = session.Page;
        await session.GoAsync($"#/pools/{poolId}");
        var state = session.MemberRow("members", memberId).Locator("span.state");
        await Expect(state).ToHaveAttributeAsync("data-state", "Unavailable");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create monitor", Exact = true }).ClickAsync();
        var form = page.Locator("form[data-testid=monitor-form]");
        await Expect(form.Locator("select[name=type]")).ToHaveValueAsync("HTTP");

        await form.Locator("input[name=timeout]").FillAsync("0");
        await form.Locator("input[name=url_path]").FillAsync("health");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(form.Locator("[data-error-for=timeout]")).ToContainTextAsync("from 1 to 50");
        await Expect(form.Locator("[data-error-for=url_path]")).ToContainTextAsync("/");
        await Expect(form.Locator("input[name=url_path]")).ToHaveAttributeAsync("aria-invalid", "true");
        using (var pool = await fleet.Api.GetAsync($"/api/v1/pools/{poolId}", cancellationToken))
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, pool.RootElement.GetProperty("healthmonitor_id").ValueKind);
        }

        await form.Locator("input[name=timeout]").FillAsync("1");
        await form.Locator("input[name=url_path]").FillAsync("/");
        await form.Locator("input[name=delay]").FillAsync("1");
        await form.Locator("input[name=max_retries]").FillAsync("1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"#/pools/{poolId}$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Edit monitor", Exact = true })).ToBeVisibleAsync();
        await Expect(state).ToHaveAttributeAsync("data-state", "Healthy", new() { Timeout = 15_000 });
    }

    private async Task<int> MonitorDelayAsync(string path, CancellationToken cancellationToken)
    {
        using var monitor = await fleet.Api.GetAsync(path, cancellationToken);
        return monitor.RootElement.GetProperty("delay").GetInt32();
    }
}
