using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Vitals.Console.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Pages;

/// <summary>
/// The console's main pages checked with axe-core (WCAG 2 A and AA rules, contrast included) at desktop and phone
/// sizes: no serious or critical violation.
/// </summary>
public sealed class AccessibilityTests(ConsoleFleet fleet, ChromiumBrowser chromium)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task MainPages_AxeRules_NoSeriousOrCriticalViolation(int width, int height)
    {
        var axe = Path.Combine(RepoPaths.Root, "tests", "interop", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), $"{axe} is missing: eng/install-test-deps.sh installs the npm packages in tests/interop");
        // The rules are injected as a script, which the console's Content-Security-Policy would (rightly) refuse.
        await using var session = await ConsoleSession.OpenAsync(chromium, fleet.Url, fleet.Token, width, height, bypassCsp: true);
        var page = session.Page;
        var report = new StringBuilder();

        await page.GotoAsync(fleet.Url + "/");
        await Expect(page.Locator("form#signin")).ToBeVisibleAsync();
        await CheckAsync(page, axe, "sign-in", report);
        await session.SignInAsync();
        var pages = new (string Name, string Route, string Ready)[]
        {
            ("overview", "#/overview", "table[data-testid=non-healthy] tbody tr"),
            ("load balancer", $"#/loadbalancers/{fleet.LoadBalancerId}", "table[data-testid=pools] tbody tr"),
            ("listener", $"#/listeners/{fleet.WebListenerId}", "table[data-testid=non-healthy] tbody tr"),
            ("pool", $"#/pools/{fleet.WebPoolId}", "table[data-testid=members] tbody tr"),
            ("member", $"#/members/{fleet.Members["web-markup"]}", "ol[data-testid=timeline] li"),
            ("monitor form", $"#/pools/{fleet.EditPoolId}/monitor", "form[data-testid=monitor-form]"),
            ("instances", "#/instances", "table[data-testid=instances] tbody tr"),
            ("notifications", "#/notifications", "table[data-testid=webhooks] tbody tr"),
        };
        foreach (var (name, route, ready) in pages)
        {
            await session.GoAsync(route);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await CheckAsync(page, axe, name, report);
        }

        Assert.True(report.Length == 0, $"axe-core at {width}x{height}:\n{report}");
    }

    private static async Task CheckAsync(IPage page, string axe, string name, StringBuilder report)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        }

        var json = await page.EvaluateAsync<string>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return JSON.stringify({ passes: result.passes.length, violations: result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\n').join(' ')) })) });
            }
            """);
        using var result = JsonDocument.Parse(json);
        // The rules really ran: a page this size passes dozens of them (landmarks, names, contrast, lists...).
        var passes = result.RootElement.GetProperty("passes").GetInt32();
        Assert.True(passes >= 10, $"{name}: axe-core reports only {passes} passing rules");
        foreach (var violation in result.RootElement.GetProperty("violations").EnumerateArray())
        {
            var impact = violation.GetProperty("impact").GetString();
            var nodes = string.Join(" | ", violation.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{name}: {violation.GetProperty("id").GetString()} ({impact}) {violation.GetProperty("help").GetString()}; {nodes}");
            TestContext.Current.TestOutputHelper?.WriteLine(line);
            if (impact is "serious" or "critical")
            {
                report.AppendLine(line);
            }
        }
    }
}
