using Microsoft.AspNetCore.Http.Features;

namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>Turns an ASP.NET Core request into an <see cref="OvhRequest"/>, reading at most a capped body.</summary>
internal static class OvhRequestReader
{
    /// <summary>Default body cap: IPLB bodies are small JSON objects.</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <returns>The request, or null when the body is larger than <paramref name="maxBodyBytes"/>.</returns>
    public static async ValueTask<OvhRequest?> ReadAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyBytes);
        if (request.ContentLength > maxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(8192, maxBodyBytes + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        // The client signed the target it sent, byte for byte: never rebuild it from the decoded Path.
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            rawTarget = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        }

        var headers = request.Headers;
        return new OvhRequest(request.Method, request.Host.Value ?? string.Empty, rawTarget, buffer.ToArray())
        {
            ApplicationKey = First(headers["X-Ovh-Application"]),
            ConsumerKey = First(headers["X-Ovh-Consumer"]),
            Timestamp = First(headers["X-Ovh-Timestamp"]),
            Signature = First(headers["X-Ovh-Signature"]),
        };
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] : null;
}
