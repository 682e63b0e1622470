using Vitals.Control.Instances;

namespace Vitals.Control.Tests.Instances;

public sealed class PrometheusTextParserTests
{
    internal static string CapturedSample()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "tests", "Vitals.Control.Tests", "Instances", "TestData", "node-exporter-1.5.0.txt")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return File.ReadAllText(Path.Combine(directory.FullName, "tests", "Vitals.Control.Tests", "Instances", "TestData", "node-exporter-1.5.0.txt"));
    }

    [Fact]
    public void Parse_CapturedNodeExporterOutput_ReadsEverySampleTypeAndHelp()
    {
        var sut = PrometheusTextParser.Parse(CapturedSample());

        Assert.Empty(sut.Errors);
        Assert.Equal(33, sut.Samples.Count);
        Assert.Equal("summary", sut.Types["go_gc_duration_seconds"]);
        Assert.Equal("counter", sut.Types["node_cpu_seconds_total"]);
        Assert.Equal("gauge", sut.Types["node_load1"]);
        Assert.Equal("Non-numeric data from /sys/class/net/<iface>, value is always 1.", sut.Help["node_network_info"]);
        Assert.Equal(7.77, Assert.Single(sut.Named("node_load1")).Value);
        Assert.Equal(2.70553174016e+11, Assert.Single(sut.Named("node_filesystem_size_bytes")).Value);
        var idle = sut.Named("node_cpu_seconds_total").Where(s => s.Label("mode") == "idle").ToList();
        Assert.Equal(["0", "1"], idle.Select(s => s.Label("cpu")));
        var loopback = sut.Named("node_network_info").First(s => s.Label("device") == "lo");
        Assert.Equal("", loopback.Label("duplex"));
        Assert.Equal("00:00:00:00:00:00", loopback.Label("address"));
        Assert.Equal("0.25", sut.Named("go_gc_duration_seconds").ElementAt(1).Label("quantile"));
    }

    [Fact]
    public void Parse_EscapedLabelValues_AreUnescaped()
    {
        var sut = PrometheusTextParser.Parse("m{a=\"x\\\"y\",b=\"c\\\\d\",c=\"line\\nnext\",d=\"a,b}c\",e=\"tab\\t\"} 1\n");

        var sample = Assert.Single(sut.Samples);
        Assert.Equal("x\"y", sample.Label("a"));
        Assert.Equal("c\\d", sample.Label("b"));
        Assert.Equal("line\nnext", sample.Label("c"));
        Assert.Equal("a,b}c", sample.Label("d"));
        Assert.Equal("tab\\t", sample.Label("e"));
    }

    [Theory]
    [InlineData("m NaN", double.NaN)]
    [InlineData("m +Inf", double.PositiveInfinity)]
    [InlineData("m -Inf", double.NegativeInfinity)]
    [InlineData("m 1e-3", 0.001)]
    [InlineData("m 1.5E+10", 1.5e10)]
    [InlineData("m -0", 0.0)]
    [InlineData("m{le=\"+Inf\"} 42", 42.0)]
    [InlineData("m{a=\"1\",} 2", 2.0)]
    [InlineData("m{} 3", 3.0)]
    [InlineData("  m 4  ", 4.0)]
    [InlineData("ns:m_total 5", 5.0)]
    public void Parse_SampleValue_IsRead(string line, double expected)
    {
        var sut = PrometheusTextParser.Parse(line);

        Assert.Empty(sut.Errors);
        Assert.Equal(expected, Assert.Single(sut.Samples).Value);
    }

    [Fact]
    public void Parse_TimestampAndCrLf_AreHandled()
    {
        var sut = PrometheusTextParser.Parse("# TYPE m gauge\r\nm{a=\"b\"} 7 1700000000000\r\nn 8\r\n");

        Assert.Empty(sut.Errors);
        Assert.Equal(1700000000000, sut.Samples[0].TimestampMilliseconds);
        Assert.Null(sut.Samples[1].TimestampMilliseconds);
        Assert.Equal("gauge", sut.Types["m"]);
    }

    [Fact]
    public void Parse_HelpEscapes_AreUnescaped()
    {
        var sut = PrometheusTextParser.Parse("# HELP m first\\nsecond \\\\ and \\x\n# just a comment\nm 1");

        Assert.Equal("first\nsecond \\ and \\x", sut.Help["m"]);
        Assert.Single(sut.Samples);
    }

    [Fact]
    public void Parse_BadLines_AreReportedWithLineNumbersAndSkipped()
    {
        var text = "good 1\n{a=\"1\"} 1\nm{a=1} 1\nm{a=\"1\" 1\nm abc\nm 1 xyz\nm{a=\"open} 1\nlast 2\n";

        var sut = PrometheusTextParser.Parse(text);

        Assert.Equal(["good", "last"], sut.Samples.Select(s => s.Name));
        Assert.Equal(6, sut.Errors.Count);
        Assert.StartsWith("line 2:", sut.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("line 7:", sut.Errors[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyBadLines_ErrorListIsCapped()
    {
        var text = string.Concat(Enumerable.Repeat("m{oops\n", 500));

        var sut = PrometheusTextParser.Parse(text);

        Assert.Empty(sut.Samples);
        Assert.Equal(20, sut.Errors.Count);
    }

    [Fact]
    public void Parse_NameFilter_KeepsOnlyNamedMetrics()
    {
        var sut = PrometheusTextParser.Parse(CapturedSample(), new HashSet<string> { "node_load1", "node_memory_MemTotal_bytes" });

        Assert.Equal(["node_load1", "node_memory_MemTotal_bytes"], sut.Samples.Select(s => s.Name));
    }
}
