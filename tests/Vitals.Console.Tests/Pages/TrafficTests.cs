using System.Net;
using System.Text.RegularExpressions;
using Vitals.Console.Tests.Support;
using Vitals.Testing;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>What moves traffic, on screen: a pool in panic says so and names the members it keeps; a load balancer lists its HAProxy bindings with their sync.</summary>
public sealed class TrafficTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task PoolInPanic_ShowsWhyAndTheKeptMember_AndTheLoadBalancerShowsItsHaproxySync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var lbId = await fleet.Api.CreateAsync("loadbalancers", new { name = "traffic" }, cancellationToken);
        var poolId = await fleet.Api.CreateAsync("pools", new { name = "all-failing", loadbalancer_id = lbId, protocol = "TCP" }, cancellationToken);
        await fleet.Api.CreateAsync("healthmonitors", new { pool_id = poolId, type = "TCP", delay = 1, timeout = 1, max_retries = 1, max_retries_down = 1 }, cancellationToken);
        var refused = LoopbackTcp.RefusedPort().Port;
        var a = await fleet.Api.CreateAsync("members", new { name = "fail-a", pool_id = poolId, address = "127.0.4.1", protocol_port = refused }, cancellationToken);
        var b = await fleet.Api.CreateAsync("members", new { name = "fail-b", pool_id = poolId, address = "127.0.4.2", protocol_port = refused }, cancellationToken);
        await fleet.Api.WaitForStateAsync(a, "Unhealthy", TimeSpan.FromSeconds(30), cancellationToken);
        await fleet.Api.WaitForStateAsync(b, "Unhealthy", TimeSpan.FromSeconds(30), cancellationToken);
        var (status, _) = await fleet.Api.PutAsync($"/api/v1/pools/{poolId}", new { min_healthy_percent = 50 }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, status);
        // Nothing listens there: the sync reports the error it meets.
        var socket = $"/run/haproxy/vitals-console-{Guid.NewGuid():N}.sock";
        await fleet.Api.CreateAsync("haproxy-bindings", new { name = "edge-box", loadbalancer_id = lbId, runtime_api = socket }, cancellationToken);

        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await session.GoAsync($"#/pools/{poolId}");

        var panic = session.Page.Locator("[data-testid=panic]");
        await Expect(panic).ToBeVisibleAsync();
        await Expect(panic).ToContainTextAsync("Panic: 0 of 2 members healthy, below min_healthy_percent 50");
        await Expect(panic.Locator("a")).ToHaveCountAsync(1);
        var kept = await panic.Locator("a").TextContentAsync();
        Assert.Contains(kept, new[] { a, b });
        await Expect(session.Page.Locator("[data-testid=pool-totals]")).ToContainTextAsync("1 in rotation");
        await Expect(session.Page.GetByText("50 % (fail-open below)")).ToBeVisibleAsync();
        await session.ScreenshotAsync("pool-panic");

        await session.GoAsync($"#/loadbalancers/{lbId}");
        var binding = session.Page.Locator("table[data-testid=haproxy-bindings] tbody tr");
        await Expect(binding).ToHaveCountAsync(1);
        await Expect(binding.Locator("[data-testid=sync-state]")).ToContainTextAsync("error");
        await Expect(binding.Locator("[data-testid=sync-error]")).ToContainTextAsync(new Regex(Regex.Escape(socket)));
        await Expect(session.Page.Locator("table[data-testid=pools] .tag-bad")).ToHaveTextAsync("panic");
        await session.ScreenshotAsync("loadbalancer-haproxy");
    }
}
