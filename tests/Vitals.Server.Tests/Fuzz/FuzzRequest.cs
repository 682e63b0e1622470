using System.Text;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// One generated request: what is sent, how it is described in a failure, and how to tell whether it wrote
/// (<see cref="Digest"/>: a cheap summary of the state it could change; the same before and after a refused request).
/// </summary>
internal sealed record FuzzRequest(HttpMethod Method, string Target)
{
    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>Headers to send as they are (authentication, signatures).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>A body past the server's limit: the server may answer 413 and close before reading it all.</summary>
    public bool Huge { get; init; }

    public Func<Task<string>>? Digest { get; init; }

    public static FuzzRequest Json(HttpMethod method, string target, string json) =>
        new(method, target) { Body = Encoding.UTF8.GetBytes(json), ContentType = "application/json" };

    public override string ToString()
    {
        var body = Body is null ? "" : " " + Describe(Body);
        var headers = string.Concat(Headers.Select(h => $" {h.Key}: {Shorten(h.Value, 24)};"));
        return $"{Method} {Shorten(Target, 300)}{(ContentType is null ? "" : $" [{ContentType}]")}{headers}{body}";
    }

    private static string Describe(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400));
        return body.Length > 400 ? $"{text}... ({body.Length} bytes)" : text;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + $"... ({text.Length} chars)";
}
