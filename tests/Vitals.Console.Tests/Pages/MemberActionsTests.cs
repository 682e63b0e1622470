using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>The member page's other actions: switch a member off and on, and run the troubleshooting checklist.</summary>
public sealed class MemberActionsTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task MemberPage_DisableMember_ShowsUnavailableWithWhy_ThenEnableShowsHealthy()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var member = fleet.Members["toggle-me"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.GoAsync($"#/members/{member}");
        var facts = session.Page.Locator("dl[data-testid=last-check]");
        var state = ConsoleSession.Definition(facts, "Status").Locator("span.state");
        await Expect(state).ToHaveAttributeAsync("data-state", "Healthy");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Disable member" }).ClickAsync();

        await Expect(state).ToHaveAttributeAsync("data-state", "Unavailable");
        await Expect(ConsoleSession.Definition(facts, "Reason")).ToContainTextAsync("switched off");
        using (var body = await fleet.Api.GetAsync($"/api/v1/members/{member}", cancellationToken))
        {
            Assert.False(body.RootElement.GetProperty("admin_state_up").GetBoolean());
        }

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Enable member" }).ClickAsync();

        await Expect(state).ToHaveAttributeAsync("data-state", "Healthy", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task MemberPage_Diagnose_ListsTheFindingWithAdvice()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.GoAsync($"#/members/{fleet.Members["on-vm-bad"]}");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Diagnose" }).ClickAsync();

        var findings = session.Page.Locator("[data-testid=findings]");
        await Expect(findings.GetByRole(AriaRole.Heading)).ToContainTextAsync("Problem found", new() { Timeout = 30_000 });
        await Expect(findings.Locator("li[data-verdict=problem]").First).ToContainTextAsync("SERVER_ERROR");
        await Expect(findings).ToContainTextAsync("503");
        await session.ScreenshotAsync("member-diagnosis");
    }
}
