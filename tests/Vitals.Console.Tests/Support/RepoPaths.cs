namespace Vitals.Console.Tests.Support;

/// <summary>Where the repository is (the folder holding Vitals.slnx) and where screenshots go.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    /// <summary><c>test-output/console</c> under the repository root (gitignored), created on first use.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var directory = Path.Combine(Root, "test-output", "console");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    private static string FindRoot()
    {
        // Bounded walk up from the test binaries (tests/Vitals.Console.Tests/bin/CONFIG/net10.0/).
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (var i = 0; i < 12 && directory is not null; i++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vitals.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Vitals.slnx not found above {AppContext.BaseDirectory}");
    }
}
