using System.Text.RegularExpressions;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>A backend's answer is data: the console shows it as text and never runs it.</summary>
public sealed partial class SafetyTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Fact]
    public async Task MemberPage_MarkupContent_ShownAsLiteralTextAndNeverRun()
    {
        var markup = fleet.Members["web-markup"];
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);
        await session.SignInAsync();
        await Expect(session.MemberRow("non-healthy", markup)).ToBeVisibleAsync();
        await session.GoAsync($"#/pools/{fleet.WebPoolId}");
        await Expect(session.MemberRow("members", markup)).ToBeVisibleAsync();
        await session.GoAsync($"#/members/{markup}");

        var content = session.Page.Locator("pre[data-testid=content]");
        await Expect(content).ToHaveTextAsync(ConsoleFleet.MarkupBody);
        Assert.Equal(ConsoleFleet.MarkupBody, await content.TextContentAsync());
        await Expect(content.Locator("img")).ToHaveCountAsync(0);
        await Expect(content.Locator("script")).ToHaveCountAsync(0);
        await Expect(session.Page.Locator("img[src=x]")).ToHaveCountAsync(0);
        // An injected <img src=x> fails to load within milliseconds; give it a moment to have done so before looking
        // for what its handler would have left.
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal("undefined", await session.Page.EvaluateAsync<string>("() => typeof window.__pwned"));
        Assert.Empty(session.Dialogs);
        await session.ScreenshotAsync("member-markup");
    }

    [Fact]
    public async Task Console_Page_SendsContentSecurityPolicyWithoutInlineScripts()
    {
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token);

        var response = await session.Page.GotoAsync(fleet.Url + "/");

        Assert.NotNull(response);
        var headers = await response.AllHeadersAsync();
        Assert.True(headers.TryGetValue("content-security-policy", out var policy), "no Content-Security-Policy header on /");
        TestContext.Current.TestOutputHelper?.WriteLine($"Content-Security-Policy: {policy}");
        var directives = policy!.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(static d => d.Split(' ')[0], static d => d, StringComparer.OrdinalIgnoreCase);
        var scripts = directives.GetValueOrDefault("script-src") ?? directives.GetValueOrDefault("default-src");
        Assert.True(scripts is not null, $"the policy limits no scripts: {policy}");
        Assert.DoesNotContain("'unsafe-inline'", scripts, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(Wildcard(), scripts);
    }

    [GeneratedRegex(@"(^|\s)\*(\s|$)")]
    private static partial Regex Wildcard();
}
