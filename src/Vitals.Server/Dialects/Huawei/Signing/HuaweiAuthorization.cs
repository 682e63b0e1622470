namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>
/// The <c>Authorization</c> header of an AK/SK-signed call:
/// <c>SDK-HMAC-SHA256 Access=&lt;AK&gt;, SignedHeaders=host;x-sdk-date, Signature=&lt;hex&gt;</c>.
/// </summary>
internal sealed record HuaweiAuthorization(string Access, string SignedHeaders, string Signature)
{
    public const string Algorithm = "SDK-HMAC-SHA256";

    /// <summary>The signed header names, lower-cased, in the order the client listed them (its canonical order).</summary>
    public IReadOnlyList<string> HeaderNames { get; } = SignedHeaders.ToLowerInvariant().Split(';');

    /// <summary>True when the header claims an AK/SK signature of any algorithm (not a bearer token).</summary>
    public static bool IsSignature(string? header) =>
        !string.IsNullOrWhiteSpace(header) && !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        && !header.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    /// <returns>The parsed header, or null with the reason in <paramref name="error"/>.</returns>
    public static HuaweiAuthorization? Parse(string header, out string? error)
    {
        ArgumentNullException.ThrowIfNull(header);
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? header : header[..space];
        if (!algorithm.Equals(Algorithm, StringComparison.Ordinal))
        {
            error = $"unsupported signing algorithm '{Clip(algorithm)}'; sign with {Algorithm}";
            return null;
        }

        string? access = null, signed = null, signature = null;
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (part, "") : (part[..equals].Trim(), part[(equals + 1)..].Trim());
            switch (name)
            {
                case "Access":
                    access = value;
                    break;
                case "SignedHeaders":
                    signed = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
                default:
                    break; // ignored, as the gateway ignores fields it does not use
            }
        }

        if (string.IsNullOrEmpty(access) || string.IsNullOrEmpty(signed) || string.IsNullOrEmpty(signature))
        {
            error = $"the Authorization header must read '{Algorithm} Access=<AK>, SignedHeaders=<names>, Signature=<hex>'";
            return null;
        }

        error = null;
        return new HuaweiAuthorization(access, signed, signature);
    }

    /// <summary>A client-sent value quoted in an error, bounded.</summary>
    public static string Clip(string value) => value.Length > 64 ? value[..64] + "…" : value;
}
