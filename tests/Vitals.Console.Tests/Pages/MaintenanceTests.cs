using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

public sealed class MaintenanceTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task MemberPage_SetWeightToZero_ShowsUnused_ThenRestoreWeightShowsHealthy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var member = fleet.Members["drain-me"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        session.AcceptDialogs = true;
        await session.SignInAsync();
        await session.GoAsync($"#/members/{member}");
        var page = session.Page;
        var state = ConsoleSession.Definition(page.Locator("dl[data-testid=last-check]"), "Status").Locator("span.state");
        await Expect(state).ToHaveAttributeAsync("data-state", "Healthy");

        await page.GetByRole(AriaRole.Button, new() { Name = "Set weight to 0" }).ClickAsync();

        await Expect(state).ToHaveAttributeAsync("data-state", "Unused");
        await session.ScreenshotAsync("member-drained");
        Assert.Equal(0, await WeightAsync(member, cancellationToken));

        var weight = page.Locator("input[name=weight]");
        await weight.FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore weight" }).ClickAsync();

        await Expect(state).ToHaveAttributeAsync("data-state", "Healthy");
        Assert.Equal(1, await WeightAsync(member, cancellationToken));
    }

    private async Task<int> WeightAsync(string member, CancellationToken cancellationToken)
    {
        using var body = await fleet.Api.GetAsync($"/api/v1/members/{member}", cancellationToken);
        return body.RootElement.GetProperty("weight").GetInt32();
    }
}
