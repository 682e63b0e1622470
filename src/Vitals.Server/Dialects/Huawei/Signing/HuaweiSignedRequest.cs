using Microsoft.AspNetCore.Http.Features;

namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>What the signature covers, as it came on the wire: method, raw path and query, headers, body bytes.</summary>
internal sealed class HuaweiSignedRequest
{
    private readonly IReadOnlyDictionary<string, string> _headers;

    public HuaweiSignedRequest(string method, string rawPath, string rawQuery, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(rawQuery);
        ArgumentNullException.ThrowIfNull(headers);
        Method = method;
        RawPath = rawPath;
        RawQuery = rawQuery;
        _headers = headers;
        Body = body;
    }

    public string Method { get; }

    /// <summary>The path exactly as the request line carried it (still percent-encoded).</summary>
    public string RawPath { get; }

    /// <summary>The query exactly as sent, without the <c>?</c>.</summary>
    public string RawQuery { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>A header's value (several values joined by <c>,</c>); null when absent. Names are case-insensitive.</summary>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Reads a request for verification. The body is buffered and rewound so the endpoint reads it again.
    /// </summary>
    /// <exception cref="BadHttpRequestException">The body is over the server's limit (413).</exception>
    public static async Task<HuaweiSignedRequest> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        string rawPath, rawQuery;
        if (target is not null && target.StartsWith('/'))
        {
            var question = target.IndexOf('?', StringComparison.Ordinal);
            (rawPath, rawQuery) = question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
        }
        else
        {
            rawPath = (request.PathBase + request.Path).ToUriComponent();
            rawQuery = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        if (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.ContainsKey("Transfer-Encoding")))
        {
            request.EnableBuffering();
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy, context.RequestAborted);
            request.Body.Position = 0;
            body = copy.ToArray();
        }

        return new HuaweiSignedRequest(request.Method, rawPath, rawQuery, headers, body);
    }
}
