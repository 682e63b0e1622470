using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Vitals.Testing;

/// <summary>
/// A real gRPC health server (Node, grpc-js + grpc-health-check) or one of the deliberately wrong HTTP peers of
/// <c>tests/interop/grpc-health-server.js</c>, listening on 127.0.0.1. Fails loudly when node or the npm packages
/// are missing (<c>eng/install-test-deps.sh</c> installs them): an interop test must not pass by not running.
/// </summary>
public sealed class GrpcHealthServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private GrpcHealthServer(Process process, StringBuilder stderr, int port)
    {
        _process = process;
        _stderr = stderr;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What the server wrote to stderr so far (for failure messages).</summary>
    public string Errors
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the script in <paramref name="mode"/> (SERVING, NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN, NONE, HTTP1,
    /// H2_NO_STATUS, H2_BAD_FRAME, H2_HTTP_503, H2_RESET), over TLS when a PEM certificate and key are given.
    /// </summary>
    public static async Task<GrpcHealthServer> StartAsync(string mode, string? certificatePath = null, string? keyPath = null,
        CancellationToken cancellationToken = default)
    {
        var interop = Path.Combine(FindRepositoryRoot(), "tests", "interop");
        foreach (var package in new[] { "@grpc/grpc-js", "grpc-health-check" })
        {
            if (!Directory.Exists(Path.Combine(interop, "node_modules", package)))
            {
                throw new InvalidOperationException(
                    $"npm package {package} is missing in {interop}/node_modules: run eng/install-test-deps.sh");
            }
        }

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(interop, "grpc-health-server.js"));
        info.ArgumentList.Add(mode);
        if (certificatePath is not null && keyPath is not null)
        {
            info.ArgumentList.Add("--cert");
            info.ArgumentList.Add(certificatePath);
            info.ArgumentList.Add("--key");
            info.ArgumentList.Add(keyPath);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("node is not installed (run eng/install-test-deps.sh): " + ex.Message, ex);
        }

        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var server = new GrpcHealthServer(process, stderr, 0);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException(
                    $"grpc-health-server.js {mode} did not say 'listening' within {StartTimeout}", ex);
            }

            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal)
                || !int.TryParse(line.AsSpan("listening ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                // Let it finish writing why it stopped.
                using var exit = new CancellationTokenSource(ExitTimeout);
                try
                {
                    await process.WaitForExitAsync(exit.Token);
                }
                catch (OperationCanceledException)
                {
                    // Still running: its stderr so far is all there is.
                }

                throw new InvalidOperationException($"grpc-health-server.js {mode} did not start: '{line}' {server.Errors}");
            }

            return new GrpcHealthServer(process, stderr, port);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes the server's stdin (it exits by itself), and kills that one process if it does not.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(ExitTimeout);
                try
                {
                    await _process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: false);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The directory holding Vitals.slnx, found by walking up from the test's output directory.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vitals.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Vitals.slnx above {AppContext.BaseDirectory}");
    }
}
