using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using Vitals.Testing;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>In a server group with more failing members than fit the first list, they are listed first, and more on demand.</summary>
public sealed class PoolAttentionTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    private const int Failing = 30;

    [Fact]
    public async Task PoolPage_ThirtyFailingMembers_ListsTwentyFirstThenShowsTheRest_AndFindsByTextAndState()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var poolId = await fleet.Api.CreateAsync("pools", new { name = "many-failing", loadbalancer_id = fleet.LoadBalancerId, protocol = "TCP" }, cancellationToken);
        await fleet.Api.CreateAsync("healthmonitors", new { pool_id = poolId, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 }, cancellationToken);
        int healthyPort;
        using (var web1 = await fleet.Api.GetAsync($"/api/v1/members/{fleet.Members["web-1"]}", cancellationToken))
        {
            healthyPort = web1.RootElement.GetProperty("protocol_port").GetInt32();
        }

        await fleet.Api.CreateAsync("members", new { name = "still-fine", pool_id = poolId, address = "127.0.0.1", protocol_port = healthyPort }, cancellationToken);
        var refused = LoopbackTcp.RefusedPort().Port;
        var failing = new List<string>();
        for (var i = 0; i < Failing; i++)
        {
            // One port nothing listens on, on thirty loopback addresses: refused, Unhealthy after one check.
            failing.Add(await fleet.Api.CreateAsync("members", new { name = $"down-{i:D2}", pool_id = poolId, address = $"127.0.3.{i + 1}", protocol_port = refused }, cancellationToken));
        }

        foreach (var id in failing)
        {
            await fleet.Api.WaitForStateAsync(id, "Unhealthy", TimeSpan.FromSeconds(30), cancellationToken);
        }

        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.GoAsync($"#/pools/{poolId}");
        var rows = session.Page.Locator("table[data-testid=non-healthy] tbody tr");

        await Expect(rows).ToHaveCountAsync(20);
        await Expect(session.Page.GetByText(new Regex("Showing the first 20 of 30"))).ToBeVisibleAsync();
        await Expect(rows.First.Locator("span.state")).ToHaveAttributeAsync("data-state", "Unhealthy");
        await session.ScreenshotAsync("pool-attention");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Show 10 more" }).ClickAsync();

        await Expect(rows).ToHaveCountAsync(Failing);
        var listed = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.memberId)");
        Assert.Equal(failing.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Show \\d+ more$") })).ToHaveCountAsync(0);

        // The full list, narrowed by text and by state (the server filters: the table holds only what matches).
        var all = session.Page.Locator("table[data-testid=members] tbody tr");
        await Expect(all).ToHaveCountAsync(Failing + 1);
        await session.Page.GetByLabel("Find", new() { Exact = true }).FillAsync("down-1");
        await Expect(all).ToHaveCountAsync(10);
        var found = await all.EvaluateAllAsync<string[]>("rows => rows.map(r => r.querySelector('a').textContent)");
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"down-{i}"), found.Order(StringComparer.Ordinal));

        await session.Page.GetByLabel("State", new() { Exact = true }).SelectOptionAsync("Healthy");
        await Expect(all).ToHaveCountAsync(1);
        await Expect(all.First).ToContainTextAsync("No members match.");
        await session.Page.GetByLabel("Find", new() { Exact = true }).FillAsync("");
        await Expect(all).ToHaveCountAsync(1);
        await Expect(all.First.Locator("a")).ToHaveTextAsync("still-fine");
        await session.ScreenshotAsync("pool-find");
    }
}
