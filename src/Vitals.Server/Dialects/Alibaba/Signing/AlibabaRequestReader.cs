using Microsoft.AspNetCore.Http.Features;

namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>Turns an ASP.NET Core request into an <see cref="AlibabaRequest"/>, reading at most a capped body.</summary>
internal static class AlibabaRequestReader
{
    /// <summary>Default body cap: RPC bodies are small form posts; anything larger is not a real client.</summary>
    public const int DefaultMaxBodyBytes = 64 * 1024;

    /// <returns>The request, or null when the body is larger than <paramref name="maxBodyBytes"/>.</returns>
    public static async ValueTask<AlibabaRequest?> ReadAsync(HttpRequest request, int maxBodyBytes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBodyBytes);

        if (request.ContentLength > maxBodyBytes)
        {
            return null;
        }

        var body = await ReadBodyAsync(request.Body, maxBodyBytes, cancellationToken);
        if (body is null)
        {
            return null;
        }

        // The signature covers the path as the client sent it, so prefer the raw target over the decoded Path.
        var rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            rawTarget = request.PathBase.Add(request.Path).ToUriComponent() + request.QueryString.ToUriComponent();
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                headers.Add(new KeyValuePair<string, string>(header.Key, value ?? string.Empty));
            }
        }

        return AlibabaRequest.Create(request.Method, rawTarget, headers, body);
    }

    private static async ValueTask<byte[]?> ReadBodyAsync(Stream body, int maxBodyBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(8192, maxBodyBytes + 1)];
        while (true)
        {
            var read = await body.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > maxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
