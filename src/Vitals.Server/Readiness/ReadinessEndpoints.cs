using System.Text;
using System.Text.Json;

namespace Vitals.Server.Readiness;

/// <summary>
/// The server's own health, for load balancers, orchestrators and the systemd unit (docs/operations.md): <c>/healthz</c>
/// (alias <c>/livez</c>) answers 200 while the process serves HTTP; <c>/readyz</c> answers 200 when every
/// <see cref="ServerReadiness"/> check passes, 503 otherwise. Unauthenticated, so they say nothing of any fleet: check
/// names and the kind of failure only. Plain text in the Kubernetes style (<c>[+]store ok</c>), JSON on
/// <c>Accept: application/json</c>.
/// </summary>
internal static class ReadinessEndpoints
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static IServiceCollection AddServerReadiness(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ServerReadiness>();
        return services;
    }

    public static IEndpointRouteBuilder MapServerHealth(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/healthz", Methods, LiveAsync).ExcludeFromDescription();
        app.MapMethods("/livez", Methods, LiveAsync).ExcludeFromDescription();
        app.MapMethods("/readyz", Methods, ReadyAsync).ExcludeFromDescription();
        return app;
    }

    private static Task LiveAsync(HttpContext context) =>
        WriteAsync(context, "healthz", new ReadinessReport([ReadinessCheck.Ok("ping")]));

    private static async Task ReadyAsync(HttpContext context, ServerReadiness readiness) =>
        await WriteAsync(context, "readyz", await readiness.CheckAsync());

    private static async Task WriteAsync(HttpContext context, string what, ReadinessReport report)
    {
        var response = context.Response;
        response.StatusCode = report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        response.Headers.CacheControl = "no-store";
        var json = context.Request.GetTypedHeaders().Accept.Any(static a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        var body = json ? Json(report) : Text(what, report);
        response.ContentType = json ? "application/json" : "text/plain; charset=utf-8";
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static byte[] Text(string what, ReadinessReport report)
    {
        var text = new StringBuilder();
        foreach (var check in report.Checks)
        {
            text.Append(check.Passed ? "[+]" : "[-]").Append(check.Name)
                .Append(check.Passed ? " ok" : $" failed: {check.Reason}").Append('\n');
        }

        text.Append(what).Append(report.Ready ? " check passed\n" : " check failed\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Json(ReadinessReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Ready ? "ok" : "failed");
            json.WriteStartArray("checks");
            foreach (var check in report.Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("status", check.Passed ? "ok" : "failed");
                if (check.Reason is not null)
                {
                    json.WriteString("reason", check.Reason);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
