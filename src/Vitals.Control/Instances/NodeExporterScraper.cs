using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using Vitals.Control.Targets;

namespace Vitals.Control.Instances;

/// <summary>
/// Scrapes a node_exporter <c>/metrics</c> endpoint and reduces it to <see cref="Vitals.Core.Instances.HostMetrics"/>.
/// The whole scrape runs under one deadline and reads at most a capped body; every failure of the exporter comes back
/// as a <see cref="NodeExporterScrapeResult"/>, only the caller's own cancellation propagates.
/// </summary>
internal sealed class NodeExporterScraper
{
    private static readonly MediaTypeWithQualityHeaderValue TextFormat = MediaTypeWithQualityHeaderValue.Parse("text/plain; version=0.0.4");

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly NodeExporterScraperOptions _options;

    public NodeExporterScraper(HttpClient httpClient, TimeProvider timeProvider, NodeExporterScraperOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _options = options ?? new NodeExporterScraperOptions();
    }

    public async ValueTask<NodeExporterScrapeResult> ScrapeAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var started = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(TextFormat);
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Fail(NodeExporterScrapeFailure.HttpStatus, $"HTTP {(int)response.StatusCode}", started);
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return Fail(NodeExporterScrapeFailure.TooLarge,
                    $"Content-Length {response.Content.Headers.ContentLength} exceeds {_options.MaxResponseBytes} bytes", started);
            }

            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            var text = await ReadCappedAsync(body, _options.MaxResponseBytes, linked.Token);
            if (text is null)
            {
                return Fail(NodeExporterScrapeFailure.TooLarge, $"body exceeds {_options.MaxResponseBytes} bytes", started);
            }

            var exposition = PrometheusTextParser.Parse(text, HostMetricsReader.MetricNames);
            if (exposition.Samples.Count == 0 && exposition.Errors.Count > 0)
            {
                return Fail(NodeExporterScrapeFailure.Unparsable, exposition.Errors[0], started) with { ParseErrors = exposition.Errors };
            }

            var metrics = HostMetricsReader.Read(exposition, _timeProvider.GetUtcNow());
            return new NodeExporterScrapeResult(NodeExporterScrapeFailure.None, metrics, null, _timeProvider.GetElapsedTime(started))
            {
                ParseErrors = exposition.Errors,
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail(NodeExporterScrapeFailure.Timeout, $"no complete answer within {_options.Timeout.TotalSeconds:0.###} s", started);
        }
        catch (HttpRequestException ex) when (ex.InnerException is TargetRefusedException refused)
        {
            return Fail(NodeExporterScrapeFailure.Denied, refused.Message, started);
        }
        catch (HttpRequestException ex)
        {
            return Fail(NodeExporterScrapeFailure.ConnectFailed, ex.HttpRequestError + ": " + ex.Message, started);
        }
        catch (IOException ex)
        {
            return Fail(NodeExporterScrapeFailure.ConnectFailed, ex.Message, started);
        }
    }

    private NodeExporterScrapeResult Fail(NodeExporterScrapeFailure failure, string detail, long started) =>
        new(failure, null, detail, _timeProvider.GetElapsedTime(started));

    /// <returns>The UTF-8 text, or null when the stream holds more than <paramref name="maxBytes"/>.</returns>
    private static async ValueTask<string?> ReadCappedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    // length <= maxBytes here, so maxBytes + 1 is always room for at least one more byte.
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
