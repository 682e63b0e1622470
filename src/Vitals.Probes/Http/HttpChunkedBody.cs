namespace Vitals.Probes.Http;

/// <summary>
/// Removes <c>Transfer-Encoding: chunked</c> framing (RFC 9112 §7.1) from the first bytes of a body, so the excerpt
/// shows what the application sent rather than <c>f8\r\n…\r\n0\r\n\r\n</c>. Works on the bytes at hand only: a body cut
/// short decodes as far as it goes, and framing that is not chunked encoding is reported so the caller keeps the raw
/// bytes. Never throws for what a backend sends; no allocation.
/// </summary>
internal static class HttpChunkedBody
{
    /// <summary>Longest chunk-size line accepted (size, extensions, line end); real ones are a few bytes.</summary>
    private const int MaxSizeLine = 256;

    /// <summary>Decodes <paramref name="body"/> in place; false (and the bytes untouched) when its framing is malformed.</summary>
    /// <param name="body">The raw body bytes; on success its first <paramref name="length"/> bytes are the data.</param>
    /// <param name="length">How many data bytes were decoded.</param>
    public static bool TryDecode(Span<byte> body, out int length)
    {
        if (Walk(body, default, copy: false, out _) == Framing.Malformed)
        {
            length = 0;
            return false;
        }

        Walk(body, body, copy: true, out length);
        return true;
    }

    /// <summary>True once the last chunk (size 0) has arrived: nothing more of the body is coming.</summary>
    public static bool IsComplete(ReadOnlySpan<byte> raw) => Walk(raw, default, copy: false, out _) == Framing.Complete;

    // Each chunk's data moves forward to the write position, which never passes the read position: an in-place copy
    // (memmove semantics of CopyTo) never overwrites bytes still to be read.
    private static Framing Walk(ReadOnlySpan<byte> raw, Span<byte> into, bool copy, out int written)
    {
        written = 0;
        var position = 0;
        while (true)
        {
            var sizeLine = SizeLine(raw[position..], out var size, out var lineLength);
            if (sizeLine != Framing.Complete)
            {
                return sizeLine;
            }

            position += lineLength;
            if (size == 0)
            {
                return Framing.Complete;
            }

            var available = (int)Math.Min(size, raw.Length - position);
            if (copy)
            {
                raw.Slice(position, available).CopyTo(into[written..]);
            }

            written += available;
            position += available;
            if (available < size)
            {
                return Framing.Partial;
            }

            // CRLF (or a bare LF, which the header parser tolerates too) after the data.
            var rest = raw[position..];
            if (rest.IsEmpty || (rest[0] == (byte)'\r' && rest.Length == 1))
            {
                return Framing.Partial;
            }

            if (rest[0] == (byte)'\n')
            {
                position += 1;
            }
            else if (rest[0] == (byte)'\r' && rest[1] == (byte)'\n')
            {
                position += 2;
            }
            else
            {
                return Framing.Malformed;
            }
        }
    }

    /// <summary><c>1*HEXDIG [ ; extensions ] CRLF</c>: the size and the line's length.</summary>
    private static Framing SizeLine(ReadOnlySpan<byte> line, out long size, out int length)
    {
        size = 0;
        length = 0;
        var digits = 0;
        while (digits < line.Length && HexValue(line[digits]) is var value and >= 0)
        {
            size = (size << 4) | (uint)value;
            if (++digits > 8 || size > int.MaxValue)
            {
                return Framing.Malformed;
            }
        }

        if (digits == line.Length)
        {
            return line.Length > MaxSizeLine ? Framing.Malformed : Framing.Partial;
        }

        if (digits == 0)
        {
            return Framing.Malformed;
        }

        var end = line.IndexOf((byte)'\n');
        if (end < 0)
        {
            return line.Length > MaxSizeLine ? Framing.Malformed : Framing.Partial;
        }

        if (end > MaxSizeLine)
        {
            return Framing.Malformed;
        }

        // Between the digits and the line end only whitespace or extensions (";name=value"), and no other control byte.
        var tail = line[digits..end];
        if (tail.Length > 0 && tail[^1] == (byte)'\r')
        {
            tail = tail[..^1];
        }

        var trimmed = tail.TrimStart(" \t"u8);
        if (!trimmed.IsEmpty && trimmed[0] != (byte)';')
        {
            return Framing.Malformed;
        }

        foreach (var b in trimmed)
        {
            if (b is < 0x20 and not (byte)'\t' || b == 0x7F)
            {
                return Framing.Malformed;
            }
        }

        length = end + 1;
        return Framing.Complete;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private enum Framing : byte
    {
        /// <summary>The last chunk arrived (or, for one size line, the line is complete).</summary>
        Complete,

        /// <summary>Well-formed so far; more bytes would continue it.</summary>
        Partial,

        /// <summary>Not chunked encoding.</summary>
        Malformed,
    }
}
