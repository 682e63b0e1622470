using System.Buffers;
using System.Text;
using Vitals.Server.Metrics;

namespace Vitals.Server.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-5, "1E-05")]
    [InlineData(1.5e300, "1.5E+300")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Number_Double_GoParsableText(double value, string expected)
    {
        var (sut, output) = Create();

        sut.Number(value);

        Assert.Equal(expected, Text(sut, output));
    }

    [Fact]
    public void Family_HelpWithBackslashAndNewline_EscapedButQuotesKept()
    {
        var (sut, output) = Create();

        sut.Family("m"u8, "a \\ b\n\"c\"", "gauge"u8);

        Assert.Equal("# HELP m a \\\\ b\\n\"c\"\n# TYPE m gauge\n", Text(sut, output));
    }

    [Fact]
    public void Label_ValueWithEscapesAndUnicode_EscapedUtf8()
    {
        var (sut, output) = Create();

        sut.Raw("m{"u8);
        sut.Label("a"u8, "x\"y\\z\nw é 🎉", first: true);
        sut.Label("port"u8, 8080);
        sut.Raw("}"u8);
        sut.Value(-1L);

        Assert.Equal("m{a=\"x\\\"y\\\\z\\nw é 🎉\",port=\"8080\"} -1\n", Text(sut, output));
    }

    [Fact]
    public void Label_ValueLongerThanAChunk_WrittenWhole()
    {
        var (sut, output) = Create();
        var value = string.Concat(Enumerable.Repeat("ab\"🎉", 20_000));

        sut.Label("a"u8, value, first: true);

        var expected = "a=\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        Assert.Equal(expected, Text(sut, output));
        Assert.Equal(Encoding.UTF8.GetByteCount(expected), sut.BytesWritten);
    }

    private static (PrometheusTextWriter Writer, ArrayBufferWriter<byte> Output) Create()
    {
        var output = new ArrayBufferWriter<byte>();
        return (new PrometheusTextWriter(output), output);
    }

    private static string Text(PrometheusTextWriter writer, ArrayBufferWriter<byte> output)
    {
        writer.Commit();
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
