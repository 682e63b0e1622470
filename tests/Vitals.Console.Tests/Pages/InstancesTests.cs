using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>Instances show the ECS console's status texts (seed table), decided by the server from real checks.</summary>
public sealed class InstancesTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task InstancesPage_EachStatus_ShowsTheSeedTextAndLeadsToTheInstance()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var now = TimeProvider.System.GetUtcNow();
        var healthy = await fleet.Api.CreateAsync("instances", new { name = "vm-passed", address = "127.0.0.11" }, cancellationToken);
        var impaired = await fleet.Api.CreateAsync("instances", new { name = "vm-impaired", address = "127.0.0.12" }, cancellationToken);
        var maintaining = await fleet.Api.CreateAsync("instances", new
        {
            name = "vm-maintaining", address = "127.0.0.13",
            maintenance_windows = new[] { new { start = now.AddHours(-1), end = now.AddHours(1), description = "kernel <b>upgrade</b>" } },
        }, cancellationToken);
        var idle = await fleet.Api.CreateAsync("instances", new { name = "vm-idle", address = "127.0.0.14" }, cancellationToken);
        await PlaceAsync("on-vm", healthy, cancellationToken);
        await PlaceAsync("on-vm-bad", impaired, cancellationToken);

        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();

        await ExpectStatusAsync(session, healthy, "Ok", "Passed");
        await ExpectStatusAsync(session, impaired, "Impaired", "Impaired");
        await ExpectStatusAsync(session, maintaining, "Maintaining", "Maintaining System");
        // Young and with nothing that could give a verdict yet: the ECS console says Initializing.
        await ExpectStatusAsync(session, idle, "Initializing", "Initializing");
        await session.ScreenshotAsync("instances");

        await session.Page.Locator($"tr[data-instance-id={healthy}]").GetByRole(AriaRole.Link, new() { Name = "vm-passed" }).ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "vm-passed", Level = 1 })).ToBeVisibleAsync();
        var status = ConsoleSession.Definition(session.Page.Locator("dl[data-testid=instance-status]"), "Status").Locator("span.state");
        await Expect(status).ToHaveAttributeAsync("data-state", "Ok");
        await Expect(session.Page.Locator($"tr[data-member-id={fleet.Members["on-vm"]}]")).ToBeVisibleAsync();
        await session.ScreenshotAsync("instance");

        // The window's description is text: its markup shows as typed.
        await session.GoAsync($"#/instances/{maintaining}");
        await Expect(session.Page.GetByRole(AriaRole.Cell, new() { Name = "kernel <b>upgrade</b>", Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await session.Page.Locator("main b").CountAsync());
    }

    private async Task PlaceAsync(string member, string instance, CancellationToken cancellationToken)
    {
        var (status, body) = await fleet.Api.PutAsync($"/api/v1/members/{fleet.Members[member]}", new { instance_id = instance }, cancellationToken);
        using (body)
        {
            Assert.True(status == System.Net.HttpStatusCode.OK, body.RootElement.ToString());
        }
    }

    private static async Task ExpectStatusAsync(ConsoleSession session, string instance, string state, string text)
    {
        var badge = session.Page.Locator($"table[data-testid=instances] tr[data-instance-id={instance}] span.state");
        await Expect(badge).ToHaveAttributeAsync("data-state", state);
        await Expect(badge).ToContainTextAsync(text);
    }
}
