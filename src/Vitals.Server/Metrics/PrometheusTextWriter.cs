using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;

namespace Vitals.Server.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4 as UTF-8 straight into a buffer writer: <c># HELP</c> and
/// <c># TYPE</c> lines, samples <c>name{label="value",...} value</c>, label values escaped (<c>\</c>, <c>"</c>,
/// newline), numbers formatted into spans. Nothing is allocated per line. The project's own rather than
/// prometheus-net, which needed about twice the memory at 100,000 members; see docs/metrics.md.
/// </summary>
/// <remarks>
/// It holds one chunk of the output at a time (<see cref="IBufferWriter{T}.GetMemory"/>) and advances it when full,
/// so a write is a copy into a span. Over a <see cref="PipeWriter"/>, <see cref="FlushIfFullAsync"/> sends what has
/// been written once it passes <see cref="FlushThreshold"/>, so a scrape of a million lines never sits in memory.
/// </remarks>
internal sealed class PrometheusTextWriter(IBufferWriter<byte> output)
{
    /// <summary>The exposition format's media type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Bytes written before <see cref="FlushIfFullAsync"/> sends them.</summary>
    public const int FlushThreshold = 64 * 1024;

    private const int ChunkSize = 16 * 1024;
    private static readonly SearchValues<char> LabelEscapes = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> HelpEscapes = SearchValues.Create("\\\n");

    private readonly IBufferWriter<byte> _output = output;
    private Memory<byte> _chunk;
    private int _position;
    private long _unflushed;

    /// <summary>Bytes written since the start, for the caller's figures.</summary>
    public long BytesWritten { get; private set; }

    /// <summary><c># HELP name text</c> and <c># TYPE name type</c>: each metric family starts with them.</summary>
    public void Family(ReadOnlySpan<byte> name, string help, ReadOnlySpan<byte> type)
    {
        Raw("# HELP "u8);
        Raw(name);
        Raw(" "u8);
        Escaped(help, HelpEscapes);
        Raw("\n# TYPE "u8);
        Raw(name);
        Raw(" "u8);
        Raw(type);
        Raw("\n"u8);
    }

    /// <summary>Bytes as they are: metric names, punctuation, label blocks written earlier.</summary>
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            var room = Room(1);
            var count = Math.Min(room.Length, utf8.Length);
            utf8[..count].CopyTo(room);
            Advance(count);
            utf8 = utf8[count..];
        }
    }

    /// <summary><c>name="value"</c>, the value escaped; <paramref name="first"/> omits the leading comma.</summary>
    public void Label(ReadOnlySpan<byte> name, string value, bool first = false)
    {
        if (!first)
        {
            Raw(","u8);
        }

        Raw(name);
        Raw("=\""u8);
        Escaped(value, LabelEscapes);
        Raw("\""u8);
    }

    /// <summary><c>name="123"</c>: an integer label value needs no escaping.</summary>
    public void Label(ReadOnlySpan<byte> name, long value, bool first = false)
    {
        if (!first)
        {
            Raw(","u8);
        }

        Raw(name);
        Raw("=\""u8);
        Integer(value);
        Raw("\""u8);
    }

    /// <summary>A sample value followed by the end of the line.</summary>
    public void Value(double value)
    {
        Raw(" "u8);
        Number(value);
        Raw("\n"u8);
    }

    /// <summary>An integer sample value followed by the end of the line.</summary>
    public void Value(long value)
    {
        Raw(" "u8);
        Integer(value);
        Raw("\n"u8);
    }

    /// <summary>A float as Prometheus reads it: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public void Number(double value)
    {
        if (double.IsNaN(value))
        {
            Raw("NaN"u8);
        }
        else if (double.IsPositiveInfinity(value))
        {
            Raw("+Inf"u8);
        }
        else if (double.IsNegativeInfinity(value))
        {
            Raw("-Inf"u8);
        }
        else
        {
            var room = Room(32);
            if (!value.TryFormat(room, out var written, "R", CultureInfo.InvariantCulture))
            {
                throw new InvalidOperationException("a double did not fit in 32 bytes");
            }

            Advance(written);
        }
    }

    public void Integer(long value)
    {
        var room = Room(20);
        if (!Utf8Formatter.TryFormat(value, room, out var written))
        {
            throw new InvalidOperationException("a long did not fit in 20 bytes");
        }

        Advance(written);
    }

    /// <summary>Hands what was written to the output (call before reading it or completing a pipe).</summary>
    public void Commit()
    {
        if (_position > 0)
        {
            _output.Advance(_position);
            _position = 0;
            _chunk = default;
        }
    }

    /// <summary>Commits and flushes <paramref name="pipe"/> (the output) once more than <see cref="FlushThreshold"/> is waiting.</summary>
    public ValueTask<FlushResult> FlushIfFullAsync(PipeWriter pipe, CancellationToken cancellationToken)
    {
        if (_unflushed + _position < FlushThreshold)
        {
            return ValueTask.FromResult(default(FlushResult));
        }

        return FlushAsync(pipe, cancellationToken);
    }

    public ValueTask<FlushResult> FlushAsync(PipeWriter pipe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        Commit();
        _unflushed = 0;
        return pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Text with the characters the context needs escaped as <c>\\</c>, <c>\"</c> and <c>\n</c>.</summary>
    private void Escaped(string text, SearchValues<char> escapes)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var special = rest.IndexOfAny(escapes);
            var plain = special < 0 ? rest : rest[..special];
            Utf8(plain);
            if (special < 0)
            {
                return;
            }

            Raw(rest[special] switch
            {
                '\\' => "\\\\"u8,
                '"' => "\\\""u8,
                _ => "\\n"u8,
            });
            rest = rest[(special + 1)..];
        }
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        // Encoded in slices that fit a chunk (3 bytes per char at most), so a long value never needs a big span.
        const int slice = ChunkSize / 3;
        while (!text.IsEmpty)
        {
            var part = text.Length > slice ? text[..slice] : text;
            if (part.Length == slice && char.IsHighSurrogate(part[^1]))
            {
                part = part[..^1]; // never split a surrogate pair
            }

            var room = Room(part.Length * 3);
            Advance(Encoding.UTF8.GetBytes(part, room));
            text = text[part.Length..];
        }
    }

    private Span<byte> Room(int atLeast)
    {
        if (_chunk.Length - _position < atLeast)
        {
            _unflushed += _position;
            Commit();
            _chunk = _output.GetMemory(Math.Max(atLeast, ChunkSize));
        }

        return _chunk.Span[_position..];
    }

    private void Advance(int count)
    {
        _position += count;
        BytesWritten += count;
    }
}
