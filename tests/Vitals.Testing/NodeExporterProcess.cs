using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Vitals.Testing;

/// <summary>
/// Debian's real <c>prometheus-node-exporter</c> on 127.0.0.1 with an ephemeral port (read back from its log).
/// Disposing kills exactly this process. Fails loudly when the package is missing (eng/install-test-deps.sh installs it).
/// </summary>
public sealed partial class NodeExporterProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus-node-exporter";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;

    private NodeExporterProcess(Process process, Uri metricsUrl)
    {
        _process = process;
        MetricsUrl = metricsUrl;
    }

    public Uri MetricsUrl { get; }

    /// <param name="allCollectors">Run every default collector (the full output) instead of only cpu, loadavg, meminfo and filesystem.</param>
    /// <param name="cancellationToken">Stops waiting for it to listen.</param>
    public static async Task<NodeExporterProcess> StartAsync(bool allCollectors, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: run eng/install-test-deps.sh (apt package prometheus-node-exporter)");
        }

        var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        var arguments = allCollectors
            ? new[] { "--web.listen-address=127.0.0.1:0" }
            :
            [
                "--web.listen-address=127.0.0.1:0", "--collector.disable-defaults", "--collector.cpu", "--collector.loadavg",
                "--collector.meminfo", "--collector.filesystem",
            ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("node_exporter did not start");
        var log = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("node_exporter exited: " + log));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            var match = ListeningAddress().Match(e.Data);
            if (match.Success)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        };
        process.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(StartTimeout, cancellationToken);
            return new NodeExporterProcess(process, new Uri($"http://{address}/metrics"));
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exit.Token);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"msg=""Listening on"" address=(127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningAddress();
}
