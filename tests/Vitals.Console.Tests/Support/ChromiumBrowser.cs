using Microsoft.Playwright;

namespace Vitals.Console.Tests.Support;

/// <summary>
/// One headless Debian Chromium for the whole assembly, driven by Playwright. Playwright never downloads a browser
/// here: it is given /usr/bin/chromium (installed by eng/install-test-deps.sh). A missing Chromium fails every test
/// with that message rather than skipping them.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the console tests need Debian's Chromium (apt-get install chromium, or run eng/install-test-deps.sh as root)");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Auto-waiting expectations poll up to this long; the machine is shared, the live cases set their own bound.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
