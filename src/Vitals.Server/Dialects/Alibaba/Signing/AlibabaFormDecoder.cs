namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// Splits a query string or an <c>application/x-www-form-urlencoded</c> body into decoded name/value pairs, in
/// arrival order. <c>+</c> means space; a malformed escape is kept literally (a signature over it then simply fails).
/// </summary>
internal static class AlibabaFormDecoder
{
    public static List<KeyValuePair<string, string>> Decode(ReadOnlySpan<char> raw)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (!raw.IsEmpty && raw[0] == '?')
        {
            raw = raw[1..];
        }

        foreach (var range in raw.Split('&'))
        {
            var part = raw[range];
            if (part.IsEmpty)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? [] : part[(equals + 1)..];
            pairs.Add(new KeyValuePair<string, string>(Unescape(name), Unescape(value)));
        }

        return pairs;
    }

    private static string Unescape(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        var plain = text.Contains('+') ? text.ToString().Replace('+', ' ') : text.ToString();
        return plain.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(plain) : plain;
    }
}
