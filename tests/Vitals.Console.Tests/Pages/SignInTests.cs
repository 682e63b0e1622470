using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

public sealed class SignInTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task SignIn_WrongToken_ShowsAlertAndStaysOnForm()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.Page.GotoAsync(fleet.Url + "/");

        await session.SubmitTokenAsync("vt_not_a_token_of_this_server");

        await Expect(session.Page.Locator("#signin [role=alert]")).ToHaveTextAsync(new Regex(@"\w"));
        await Expect(session.Page.Locator("form#signin")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("form#signin input[name=token]")).ToBeVisibleAsync();
        await session.ScreenshotAsync("signin-refused");
        Assert.False(await StorageHoldsAsync(session, "sessionStorage", "vt_not_a_token_of_this_server"), "a refused token was kept");
    }

    [Fact]
    public async Task SignIn_SignedOut_MainNavigationAndSignOutHidden()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.Page.GotoAsync(fleet.Url + "/");
        await Expect(session.Page.Locator("form#signin")).ToBeVisibleAsync();

        await Expect(session.Page.Locator("nav[aria-label=Main]")).Not.ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).Not.ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_ProjectToken_TokenOnlyInSessionStorageAndAuthorizationHeader()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.Page.GotoAsync(fleet.Url + "/");
        await session.ScreenshotAsync("signin");

        await session.SignInAsync();
        var nav = session.Page.Locator("nav[aria-label=Main]");
        foreach (var link in new[] { "Overview", "Load balancers", "Instances" })
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }

        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        // Pages that read the API and open the event stream, so the token has every chance to leak into a URL.
        await Expect(session.Page.Locator("[data-testid=count-Healthy]")).ToHaveTextAsync(new Regex(@"\d"));
        await session.GoAsync($"#/pools/{fleet.WebPoolId}");
        await Expect(session.MemberRow("members", fleet.Members["web-1"])).ToBeVisibleAsync();
        await session.GoAsync($"#/members/{fleet.Members["web-markup"]}");
        await Expect(session.Page.Locator("pre[data-testid=content]")).ToBeVisibleAsync();
        await Expect(session.Page.Locator("[data-testid=live]")).ToHaveAttributeAsync("data-live", "true");

        var requests = session.Requests.ToArray();
        var escaped = Uri.EscapeDataString(fleet.Token);
        Assert.All(requests, request =>
        {
            Assert.DoesNotContain(fleet.Token, request.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(escaped, request.Url, StringComparison.Ordinal);
        });
        Assert.All(session.RequestUrls, url => Assert.DoesNotContain(fleet.Token, url, StringComparison.Ordinal));
        var api = requests.Where(static r => new Uri(r.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(api);
        Assert.Contains(api, r => r.Headers.TryGetValue("authorization", out var value) && value == $"Bearer {fleet.Token}");
        Assert.DoesNotContain(fleet.Token, session.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(fleet.Token, await session.Page.EvaluateAsync<string>("() => location.href"), StringComparison.Ordinal);

        Assert.True(await StorageHoldsAsync(session, "sessionStorage"), "the token is not in sessionStorage");
        Assert.False(await StorageHoldsAsync(session, "localStorage"), "the token is in localStorage");
        Assert.DoesNotContain(fleet.Token, await session.Page.EvaluateAsync<string>("() => document.cookie"), StringComparison.Ordinal);
        Assert.DoesNotContain(await session.Page.Context.CookiesAsync(), c => c.Value.Contains(fleet.Token, StringComparison.Ordinal));

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(session.Page.Locator("form#signin")).ToBeVisibleAsync();
        Assert.False(await StorageHoldsAsync(session, "sessionStorage"), "the token is still in sessionStorage after Sign out");
    }

    private static Task<bool> StorageHoldsAsync(ConsoleSession session, string storage, string? token = null)
        => session.Page.EvaluateAsync<bool>(
            $"token => {{ const s = window.{storage}; for (let i = 0; i < s.length; i++) {{ const k = s.key(i); if (k.includes(token) || (s.getItem(k) || '').includes(token)) return true; }} return false; }}",
            token ?? session.Token);
}
