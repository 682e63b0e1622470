namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// The parsed <c>Authorization</c> header of an ACS3 request:
/// <c>ACS3-HMAC-SHA256 Credential=&lt;id&gt;,SignedHeaders=&lt;h1;h2&gt;,Signature=&lt;hex&gt;</c>.
/// </summary>
internal sealed record Acs3Authorization(string Algorithm, string Credential, string SignedHeaders, string Signature)
{
    /// <summary>Lower-case header names from <see cref="SignedHeaders"/>, in the order given.</summary>
    public IReadOnlyList<string> SignedHeaderNames { get; } =
        SignedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <returns>The parsed header, or null when it is not in the documented form.</returns>
    public static Acs3Authorization? TryParse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        string? credential = null;
        string? signedHeaders = null;
        string? signature = null;
        // The SDKs write no space after the commas; tolerate them anyway, and any order.
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var value = part[(equals + 1)..].Trim();
            switch (part[..equals].Trim())
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: return null;
            }
        }

        if (string.IsNullOrEmpty(credential) || string.IsNullOrEmpty(signedHeaders) || string.IsNullOrEmpty(signature))
        {
            return null;
        }

        return new Acs3Authorization(header[..space], credential, signedHeaders.ToLowerInvariant(), signature);
    }
}
