using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vitals.Server.Tests.Support;

namespace Vitals.Server.Tests.Telemetry;

/// <summary>The service's own traces and metrics reach a real OTLP/HTTP receiver only when an endpoint is configured.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task OtlpEndpoint_RequestsThenStop_TracesAndMetricsPostedAsProtobuf()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var server = await RunningServer.StartAsync(options: o => o.OtlpEndpoint = receiver.BaseAddress.ToString());
        await using (server)
        {
            var (_, client) = await server.CreateProjectAsync("traced");
            using (client)
            using (var response = await client.GetAsync("/api/v1/loadbalancers", TestContext.Current.CancellationToken))
            {
                response.EnsureSuccessStatusCode();
            }
        }

        // Stopping the server flushes what the exporters still hold: the spans of those requests and a last collection.
        var traces = receiver.To("/v1/traces");
        var metrics = receiver.To("/v1/metrics");
        Assert.NotEmpty(traces);
        Assert.NotEmpty(metrics);
        Assert.All(traces.Concat(metrics), post =>
        {
            Assert.Equal("application/x-protobuf", post.ContentType);
            Assert.NotEmpty(post.Body);
        });
        var spans = Text(traces);
        Assert.Contains("/api/v1/projects", spans, StringComparison.Ordinal);
        Assert.Contains("/api/v1/loadbalancers", spans, StringComparison.Ordinal);
        Assert.Contains("vitals", spans, StringComparison.Ordinal);
        var measurements = Text(metrics);
        Assert.Contains("http.server.request.duration", measurements, StringComparison.Ordinal);
        Assert.Contains("dotnet.thread_pool.thread.count", measurements, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoOtlpEndpoint_NoTelemetryProviders()
    {
        await using var server = await RunningServer.StartAsync();

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task OtlpEndpoint_Configured_TelemetryProviders()
    {
        await using var server = await RunningServer.StartAsync(options: o => o.OtlpEndpoint = "http://127.0.0.1:9/");

        Assert.NotNull(server.Services.GetService<TracerProvider>());
        Assert.NotNull(server.Services.GetService<MeterProvider>());
    }

    // Protobuf keeps strings as UTF-8 bytes: span names, attribute values and metric names are readable in the body.
    private static string Text(IEnumerable<(string Path, string? ContentType, byte[] Body)> posts) =>
        string.Concat(posts.Select(p => Encoding.UTF8.GetString(p.Body)));
}
