using Vitals.Control.Instances;

namespace Vitals.Control.Tests.Instances;

public sealed class HostMetricsReaderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 9, 22, 19, TimeSpan.Zero);

    [Fact]
    public void Read_CapturedSample_ComputesTheThreeFigures()
    {
        var exposition = PrometheusTextParser.Parse(PrometheusTextParserTests.CapturedSample());

        var sut = HostMetricsReader.Read(exposition, At);

        Assert.Equal(At, sut.SampledAt);
        Assert.Equal(7.77 / 2, sut.LoadPerCpu!.Value, 9);
        Assert.Equal(2.4212905984e+10 / 2.5276514304e+10, sut.MemoryAvailableRatio!.Value, 9);
        Assert.Equal(8.469794816e+10 / 2.70553174016e+11, sut.DiskFreeRatio!.Value, 9);
    }

    [Fact]
    public void Read_NothingRelevant_AllFiguresNull()
    {
        var sut = HostMetricsReader.Read(PrometheusTextParser.Parse("go_goroutines 8\n"), At);

        Assert.Null(sut.LoadPerCpu);
        Assert.Null(sut.MemoryAvailableRatio);
        Assert.Null(sut.DiskFreeRatio);
    }

    [Fact]
    public void LoadPerCpu_CountsDistinctCpusInIdleModeOnly()
    {
        var text = """
            node_load1 6
            node_cpu_seconds_total{cpu="0",mode="idle"} 1
            node_cpu_seconds_total{cpu="0",mode="user"} 1
            node_cpu_seconds_total{cpu="1",mode="idle"} 1
            node_cpu_seconds_total{cpu="2",mode="idle"} 1
            node_cpu_seconds_total{cpu="3",mode="system"} 1
            """;

        Assert.Equal(2.0, HostMetricsReader.LoadPerCpu(PrometheusTextParser.Parse(text)));
    }

    [Fact]
    public void RootDiskFreeRatio_PicksTheRootMountAndItsOwnDevice()
    {
        var text = """
            node_filesystem_avail_bytes{device="/dev/sdb1",fstype="ext4",mountpoint="/data"} 1
            node_filesystem_size_bytes{device="/dev/sdb1",fstype="ext4",mountpoint="/data"} 100
            node_filesystem_avail_bytes{device="/dev/sda1",fstype="xfs",mountpoint="/"} 30
            node_filesystem_size_bytes{device="/dev/sdb1",fstype="ext4",mountpoint="/"} 1000
            node_filesystem_size_bytes{device="/dev/sda1",fstype="xfs",mountpoint="/"} 120
            """;

        Assert.Equal(0.25, HostMetricsReader.RootDiskFreeRatio(PrometheusTextParser.Parse(text)));
    }

    [Theory]
    [InlineData("node_memory_MemAvailable_bytes 5\nnode_memory_MemTotal_bytes 0")]
    [InlineData("node_memory_MemAvailable_bytes NaN\nnode_memory_MemTotal_bytes 10")]
    [InlineData("node_memory_MemTotal_bytes 10")]
    public void MemoryAvailableRatio_UnusableFigures_Null(string text)
    {
        Assert.Null(HostMetricsReader.MemoryAvailableRatio(PrometheusTextParser.Parse(text)));
    }
}
