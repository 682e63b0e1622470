namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// One Alibaba RPC request as the signature schemes see it: method, raw path, decoded query and form-body
/// parameters, headers (lower-case names, every value kept) and the raw body bytes.
/// </summary>
internal sealed class AlibabaRequest
{
    private const string FormContentType = "application/x-www-form-urlencoded";

    private readonly Dictionary<string, List<string>> _headers;

    private AlibabaRequest(string method, string path, List<KeyValuePair<string, string>> query,
        List<KeyValuePair<string, string>> form, Dictionary<string, List<string>> headers, ReadOnlyMemory<byte> body)
    {
        Method = method;
        Path = path;
        QueryParameters = query;
        BodyParameters = form;
        _headers = headers;
        Body = body;

        // Query first, then body: on a duplicate name the body wins, as the SDKs' servers do.
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            merged[name] = value;
        }

        foreach (var (name, value) in form)
        {
            merged[name] = value;
        }

        Parameters = merged;
    }

    /// <summary>Upper-case HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path as it arrived (not decoded), e.g. <c>/</c>.</summary>
    public string Path { get; }

    /// <summary>Decoded query parameters in arrival order, duplicates kept.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters { get; }

    /// <summary>Decoded form-body parameters (empty unless the body is <c>application/x-www-form-urlencoded</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BodyParameters { get; }

    /// <summary>Query and body parameters merged by name; the body wins on a duplicate.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>True when an <c>Authorization: ACS3-…</c> header selects the header signature.</summary>
    public bool IsAcs3 => Header("authorization")?.StartsWith("ACS3-", StringComparison.Ordinal) == true;

    /// <summary>The operation: <c>x-acs-action</c> header, else the <c>Action</c> parameter.</summary>
    public string? Action => Header("x-acs-action") ?? Parameter("Action");

    /// <summary>The API version: <c>x-acs-version</c> header, else the <c>Version</c> parameter.</summary>
    public string? Version => Header("x-acs-version") ?? Parameter("Version");

    public string? Host => Header("host");

    /// <param name="method">HTTP method.</param>
    /// <param name="rawTarget">Path and query exactly as received, e.g. <c>/?Action=X&amp;RegionId=cn-hangzhou</c>.</param>
    /// <param name="headers">Every header line; a repeated header appears once per value.</param>
    /// <param name="body">The raw body bytes.</param>
    public static AlibabaRequest Create(string method, string rawTarget, IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(rawTarget);
        ArgumentNullException.ThrowIfNull(headers);

        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.ToLowerInvariant();
            if (!byName.TryGetValue(key, out var values))
            {
                values = [];
                byName[key] = values;
            }

            values.Add(value);
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? rawTarget : rawTarget[..question];
        var query = question < 0 ? [] : AlibabaFormDecoder.Decode(rawTarget.AsSpan(question + 1));
        var form = IsForm(byName) ? AlibabaFormDecoder.Decode(System.Text.Encoding.UTF8.GetString(body.Span)) : [];
        return new AlibabaRequest(method.ToUpperInvariant(), path.Length == 0 ? "/" : path, query, form, byName, body);
    }

    /// <summary>The first value of a header, or null. <paramref name="lowerCaseName"/> must be lower case.</summary>
    public string? Header(string lowerCaseName) =>
        _headers.TryGetValue(lowerCaseName, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>Every value of a header (empty when absent). <paramref name="lowerCaseName"/> must be lower case.</summary>
    public IReadOnlyList<string> HeaderValues(string lowerCaseName) =>
        _headers.TryGetValue(lowerCaseName, out var values) ? values : [];

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    private static bool IsForm(Dictionary<string, List<string>> headers) =>
        headers.TryGetValue("content-type", out var values) && values.Count > 0
        && values[0].TrimStart().StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase);
}
