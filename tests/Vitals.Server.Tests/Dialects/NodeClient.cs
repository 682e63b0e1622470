using System.Diagnostics;
using System.Text.Json;

namespace Vitals.Server.Tests.Dialects;

/// <summary>
/// Runs one of the <c>tests/interop</c> scripts that drive an unmodified official SDK, and returns the JSON lines it
/// prints. Fails loudly when node or the npm packages are missing (eng/install-test-deps.sh installs them): an
/// interop test must not pass by not running.
/// </summary>
internal static class NodeClient
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string script, object arguments, IReadOnlyList<string> requiredPackages,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var interop = Path.Combine(FindRepositoryRoot(), "tests", "interop");
        foreach (var package in requiredPackages)
        {
            if (!Directory.Exists(Path.Combine(interop, "node_modules", package)))
            {
                throw new InvalidOperationException($"npm package {package} is missing in {interop}/node_modules: run eng/install-test-deps.sh");
            }
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = interop,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(interop, script));
        info.ArgumentList.Add(JsonSerializer.Serialize(arguments));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {RunTimeout}", ex);
        }

        var lines = new List<JsonElement>();
        foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('{'))
            {
                lines.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
        }

        if (lines.Count == 0)
        {
            throw new InvalidOperationException($"{script} printed no result (exit {process.ExitCode}); stderr: {await stderr}");
        }

        return lines;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "tests", "interop")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root with tests/interop not found");
    }
}
