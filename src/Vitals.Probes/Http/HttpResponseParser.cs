using System.Buffers;
using System.Text;

namespace Vitals.Probes.Http;

/// <summary>
/// Parses an HTTP/1.x status line and header block from raw bytes, without allocating. Lenient where servers
/// commonly are (bare LF line ends, a missing reason phrase, folded header lines), strict where a proxy must be
/// (status line shape, header names, conflicting Content-Length), and it rejects a non-HTTP answer as soon as its
/// first bytes show it, instead of waiting for a line end that may never come.
/// </summary>
internal static class HttpResponseParser
{
    /// <summary>RFC 9110 tchar: the bytes allowed in a header name.</summary>
    private static readonly SearchValues<byte> TokenChars = SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    public static HttpParseStatus TryParse(ReadOnlySpan<byte> data, out HttpResponseHead head)
    {
        head = default;
        var lineEnd = data.IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            return LooksLikeStatusLineStart(data) ? HttpParseStatus.NeedMore : HttpParseStatus.Invalid;
        }

        if (!TryParseStatusLine(TrimCr(data[..lineEnd]), out var statusCode, out var reasonStart, out var reasonLength))
        {
            return HttpParseStatus.Invalid;
        }

        long contentLength = -1;
        var chunked = false;
        var position = lineEnd + 1;
        while (true)
        {
            var rest = data[position..];
            lineEnd = rest.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                return HttpParseStatus.NeedMore;
            }

            var line = TrimCr(rest[..lineEnd]);
            position += lineEnd + 1;
            if (line.IsEmpty)
            {
                head = new HttpResponseHead(statusCode, reasonStart, reasonLength, position, chunked ? -1 : contentLength, chunked);
                return HttpParseStatus.Complete;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                continue; // obsolete line folding: a continuation of the previous value, which nothing here needs
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAnyExcept(TokenChars) || line.IndexOfAny((byte)'\0', (byte)'\r') >= 0)
            {
                return HttpParseStatus.Invalid;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!TryParseLength(value, out var length) || (contentLength >= 0 && contentLength != length))
                {
                    return HttpParseStatus.Invalid;
                }

                contentLength = length;
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
        }
    }

    /// <summary><c>HTTP/d.d SP ddd [SP reason]</c>.</summary>
    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out int statusCode, out int reasonStart, out int reasonLength)
    {
        statusCode = 0;
        reasonStart = 0;
        reasonLength = 0;
        if (line.Length < 12 || !line.StartsWith("HTTP/"u8) || !IsDigit(line[5]) || line[6] != '.' || !IsDigit(line[7])
            || line[8] != ' ' || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || line[9] == '0')
        {
            return false;
        }

        statusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        if (line.Length == 12)
        {
            return true;
        }

        if (line[12] != ' ' || line.IndexOfAny((byte)'\0', (byte)'\r') >= 0)
        {
            return false;
        }

        reasonStart = 13;
        reasonLength = line.Length - 13;
        return true;
    }

    /// <summary>Whether <paramref name="data"/>, which has no line end yet, can still become a status line.</summary>
    private static bool LooksLikeStatusLineStart(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> prefix = "HTTP/"u8;
        var n = Math.Min(data.Length, prefix.Length);
        return data[..n].SequenceEqual(prefix[..n]) && (data.Length < 6 || IsDigit(data[5]));
    }

    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        return true;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
