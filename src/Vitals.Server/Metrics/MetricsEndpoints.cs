using System.IO.Compression;
using System.IO.Pipelines;
using Vitals.Server.Api;

namespace Vitals.Server.Metrics;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text exposition of the live status, with the API's credentials (a project token sees
/// its project's series, the admin token everything and the engine's and process's own). See docs/metrics.md.
/// </summary>
public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/metrics", WriteAsync).RequireCaller().ExcludeFromDescription();
        return app;
    }

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<MetricsExporter>();
        return services;
    }

    private static async Task WriteAsync(HttpContext context, MetricsExporter exporter)
    {
        var caller = context.GetCaller();
        var response = context.Response;
        response.ContentType = PrometheusTextWriter.ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers.Vary = "Accept-Encoding";
        var cancellationToken = context.RequestAborted;
        if (!AcceptsGzip(context.Request))
        {
            await exporter.WriteAsync(caller, response.BodyWriter, cancellationToken);
            return;
        }

        // Prometheus asks for gzip; the text of a big fleet shrinks ~20 times. Fastest: a scrape must stay cheap in CPU.
        response.Headers.ContentEncoding = "gzip";
        var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip)
        {
            var pipe = PipeWriter.Create(gzip, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
            await exporter.WriteAsync(caller, pipe, cancellationToken);
            await pipe.CompleteAsync();
        }
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var encoding in request.GetTypedHeaders().AcceptEncoding)
        {
            if (encoding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && encoding.Quality is not 0)
            {
                return true;
            }
        }

        return false;
    }
}
