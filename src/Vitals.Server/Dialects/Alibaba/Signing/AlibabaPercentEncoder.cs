using System.Buffers;
using System.Text;

namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>
/// The percent-encoding both Alibaba signature schemes sign with: RFC 3986 strict, over UTF-8. Only
/// <c>A-Z a-z 0-9 - _ . ~</c> stay; every other byte becomes <c>%XX</c> with upper-case hex, so space is
/// <c>%20</c> (never <c>+</c>) and <c>* ! ' ( )</c> are encoded, unlike Node's <c>querystring</c>.
/// </summary>
internal static class AlibabaPercentEncoder
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsAllUnreserved(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length * 3);
        Append(builder, value);
        return builder.ToString();
    }

    /// <summary>Appends the encoded form of <paramref name="value"/> to <paramref name="builder"/>.</summary>
    public static void Append(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(value, rented);
            foreach (var b in rented.AsSpan(0, written))
            {
                if (IsUnreserved(b))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsAllUnreserved(string value)
    {
        foreach (var c in value)
        {
            if (c > 0x7F || !IsUnreserved((byte)c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnreserved(byte b) =>
        b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
