using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vitals.Testing;

/// <summary>
/// Debian's real <c>prometheus-alertmanager</c> on a free 127.0.0.1 port, clustering off, its configuration (one receiver
/// that sends nowhere) and storage in a temporary directory. Started only once <c>/-/ready</c> answers; disposing kills
/// exactly the process this started. Fails loudly when the package is missing (eng/install-test-deps.sh installs it).
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus-alertmanager";

    private const string Configuration = """
        route:
          receiver: nowhere
          group_wait: 1s
        receivers:
          - name: nowhere
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly HttpClient _client;

    private AlertmanagerProcess(Process process, StringBuilder log, string directory, Uri url)
    {
        _process = process;
        _log = log;
        Directory = directory;
        Url = url;
        _client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>True when the binary is installed.</summary>
    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>Its base URL, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; }

    /// <summary>The temporary directory (configuration and storage); deleted on dispose.</summary>
    public string Directory { get; }

    public int Pid => _process.Id;

    /// <summary>What it wrote so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <param name="port">The loopback port to listen on; a free one when null.</param>
    /// <param name="cancellationToken">Stops waiting for it to be ready.</param>
    public static async Task<AlertmanagerProcess> StartAsync(int? port = null, CancellationToken cancellationToken = default)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException($"{Binary} is missing: run eng/install-test-deps.sh (apt package prometheus-alertmanager)");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("vitals-alertmanager-").FullName;
        var configuration = Path.Combine(directory, "alertmanager.yml");
        await File.WriteAllTextAsync(configuration, Configuration, cancellationToken);
        port ??= LoopbackTcp.RefusedPort().Port;
        var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--config.file=" + configuration, "--storage.path=" + Path.Combine(directory, "data"),
                     string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"), "--cluster.listen-address=",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = Process.Start(info) ?? throw new InvalidOperationException("alertmanager did not start");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new AlertmanagerProcess(process, log, directory, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")));
        try
        {
            await alertmanager.WaitReadyAsync(cancellationToken);
            return alertmanager;
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>GET /api/v2/alerts</c> (active, unresolved alerts; resolved ones are left out by Alertmanager itself).</summary>
    public async Task<JsonElement[]> GetAlertsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _client.GetAsync(new Uri("api/v2/alerts", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. document.RootElement.EnumerateArray().Select(static a => a.Clone())];
    }

    /// <summary>
    /// Polls <see cref="GetAlertsAsync"/> every 100 ms until <paramref name="done"/> holds for the list, at most
    /// <paramref name="timeout"/>; returns that list, or throws with the last list seen and the log.
    /// </summary>
    public async Task<JsonElement[]> WaitAlertsAsync(Func<JsonElement[], bool> done, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        var started = Stopwatch.GetTimestamp();
        JsonElement[] alerts = [];
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            alerts = await GetAlertsAsync(cancellationToken);
            if (done(alerts))
            {
                return alerts;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"Alertmanager's alerts did not match within {timeout.TotalSeconds} s; last: "
            + string.Join(", ", alerts.Select(static a => a.GetRawText())) + "\n" + Log);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exit.Token);
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"alertmanager exited ({_process.ExitCode}): {Log}");
            }

            try
            {
                using var response = await _client.GetAsync(new Uri("-/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"alertmanager was not ready within {StartTimeout.TotalSeconds} s: {Log}");
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
