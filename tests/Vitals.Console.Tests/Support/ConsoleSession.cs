using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vitals.Console.Tests.Support;

/// <summary>
/// One browser context and page on the console of a server, recording every request URL the page makes and every
/// dialog it opens. Uses only the hooks docs/console.md promises.
/// </summary>
internal sealed class ConsoleSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ConsoleSession(IBrowserContext context, IPage page, string url, string token)
    {
        _context = context;
        Page = page;
        Url = url;
        Token = token;
        context.Request += (_, request) => Requests.Enqueue(request);
        page.WebSocket += (_, socket) => RequestUrls.Enqueue(socket.Url);
        // What the page said and what failed, for the message of a test that times out waiting for the page.
        page.Console += (_, message) => Problems.Enqueue($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => Problems.Enqueue($"page error: {error}");
        context.RequestFailed += (_, request) => Problems.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
        context.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Problems.Enqueue($"response {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            Dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            if (AcceptDialogs)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };
    }

    public IPage Page { get; }

    public string Url { get; }

    public string Token { get; }

    /// <summary>Every request the context made (pages, workers, event streams), in order.</summary>
    public ConcurrentQueue<IRequest> Requests { get; } = new();

    /// <summary>Other URLs the page opened (web sockets).</summary>
    public ConcurrentQueue<string> RequestUrls { get; } = new();

    public ConcurrentQueue<string> Dialogs { get; } = new();

    /// <summary>Console messages, page errors, failed requests and error responses, in order.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Whether a confirm() the console may ask is accepted (maintenance actions) or dismissed.</summary>
    public bool AcceptDialogs { get; set; }

    /// <summary>A new browser context and page; <c>bypassCsp</c> lets a test inject a script (the accessibility rules) despite the page's policy.</summary>
    public static async Task<ConsoleSession> OpenAsync(ChromiumBrowser chromium, string url, string token, int width = 1280, int height = 800,
        bool bypassCsp = false)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = bypassCsp,
        });
        // Actions (click, fill) wait this long for their element; a missing hook fails in seconds, not half a minute.
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        return new ConsoleSession(context, page, url, token);
    }

    /// <summary>Opens the console and signs in with the session's token through the form; lands on the overview.</summary>
    public async Task SignInAsync()
    {
        await Page.GotoAsync(Url + "/");
        try
        {
            await Expect(Page.Locator("form#signin")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        }
        catch (PlaywrightException e)
        {
            await ScreenshotAsync("signin-missing");
            var html = await Page.ContentAsync();
            throw new InvalidOperationException(
                $"the sign-in form did not appear: {e.Message}\nproblems:\n{string.Join('\n', Problems)}\nrequests:\n" +
                $"{string.Join('\n', Requests.Select(r => r.Method + " " + r.Url))}\npage:\n{html[..Math.Min(html.Length, 2000)]}", e);
        }

        await SubmitTokenAsync(Token);
        await Expect(Page.Locator("form#signin")).ToHaveCountAsync(0);
        await Expect(Page.Locator("nav[aria-label=Main]")).ToBeVisibleAsync();
    }

    public async Task SubmitTokenAsync(string token)
    {
        var form = Page.Locator("form#signin");
        await form.GetByLabel("Project token").FillAsync(token);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Navigates to a hash route (<c>#/pools/ID</c>) the way a pasted link would, in the same tab.</summary>
    public Task GoAsync(string route) => Page.GotoAsync($"{Url}/{route}");

    /// <summary>The <c>dd</c> that follows the <c>dt</c> whose text is <paramref name="term"/> in <paramref name="list"/>.</summary>
    public static ILocator Definition(ILocator list, string term)
        => list.Locator($"xpath=.//dt[normalize-space()='{term}']/following-sibling::dd[1]");

    /// <summary>The member row of a table (overview, pool page).</summary>
    public ILocator MemberRow(string table, string memberId) => Page.Locator($"table[data-testid={table}] tbody tr[data-member-id={memberId}]");

    /// <summary>Saves a full-page screenshot as test-output/console/NAME.png.</summary>
    public Task ScreenshotAsync(string name)
        => Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Whether the page is wider than its viewport (something sticks out sideways).</summary>
    public Task<bool> OverflowsHorizontallyAsync()
        => Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
