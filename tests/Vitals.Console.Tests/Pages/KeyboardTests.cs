using System.Text.RegularExpressions;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

public sealed class KeyboardTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    private const int MaxTabs = 60;

    private const string Focused = "() => { const e = document.activeElement; if (!e) return ''; "
        + "return [e.tagName, e.getAttribute('name') || '', e.getAttribute('href') || '', (e.textContent || '').trim()].join('|'); }";

    [Fact]
    public async Task Navigation_TabAndEnterOnly_SignsInAndFollowsLinks()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        var page = session.Page;
        await page.GotoAsync(fleet.Url + "/");
        await Expect(page.Locator("form#signin")).ToBeVisibleAsync();

        await TabToAsync(session, f => f.StartsWith("INPUT|token|", StringComparison.Ordinal));
        await page.Keyboard.TypeAsync(fleet.Token);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("nav[aria-label=Main]")).ToBeVisibleAsync();

        // Focus lands on the page heading after sign-in; the main menu comes before it, so go back to it. Going
        // forward would first cross every link in "Needs attention", however many other tests left failing.
        await TabToAsync(session, f => f.StartsWith("A|", StringComparison.Ordinal) && f.EndsWith("|Load balancers", StringComparison.Ordinal), backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#/loadbalancers$"));

        await TabToAsync(session, f => f.Contains($"|#/loadbalancers/{fleet.LoadBalancerId}|", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"#/loadbalancers/{fleet.LoadBalancerId}$"));

        await TabToAsync(session, f => f.Contains($"|#/listeners/{fleet.WebListenerId}|", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"#/listeners/{fleet.WebListenerId}$"));
        await session.ScreenshotAsync("keyboard-listener");
    }

    [Fact]
    public async Task MemberPage_PeriodicReRead_KeepsFocusAndOpenDetails()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        var page = session.Page;
        await session.GoAsync($"#/members/{fleet.Members["web-markup"]}");
        var evidence = page.Locator("ol[data-testid=timeline] details").First;
        await evidence.Locator("summary").ClickAsync();
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Diagnose" }).FocusAsync();

        // The page re-reads the member every 3 s; wait for two of them (the check time moves with each).
        var checkTime = ConsoleSession.Definition(page.Locator("dl[data-testid=last-check]"), "Check time");
        var before = await checkTime.TextContentAsync();
        await Expect(checkTime).Not.ToHaveTextAsync(before!, new() { Timeout = 15_000 });
        await page.WaitForTimeoutAsync(3_500);

        Assert.Equal("BUTTON|||Diagnose", await page.EvaluateAsync<string>(Focused));
        await Expect(evidence).ToHaveAttributeAsync("open", "");
    }

    /// <summary>
    /// Presses Tab, or Shift+Tab when <paramref name="backwards"/> (at most <see cref="MaxTabs"/> times), until the
    /// focused element matches.
    /// </summary>
    private static async Task TabToAsync(ConsoleSession session, Func<string, bool> match, bool backwards = false)
    {
        var seen = new List<string>();
        for (var i = 0; i < MaxTabs; i++)
        {
            await session.Page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var focused = await session.Page.EvaluateAsync<string>(Focused);
            if (match(focused))
            {
                return;
            }

            seen.Add(focused);
        }

        Assert.Fail($"not reached with {MaxTabs} {(backwards ? "Shift+Tab" : "Tab")} presses; focus went through:\n{string.Join('\n', seen)}");
    }
}
