using Vitals.Cli.Serve;

namespace Vitals.Cli.Tests.Serve;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("4ms", 4)]
    [InlineData("250MS", 250)]
    [InlineData("1.5s", 1500)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 2s ", 2000)]
    [InlineData("-1s", -1000)]
    public void TryParse_NumberAndUnit_Parses(string text, int milliseconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("ms")]
    [InlineData("4 days")]
    [InlineData("1e400s")]
    [InlineData("00:00:01")]
    public void TryParse_Other_Refused(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(1, "1ms")]
    [InlineData(1000, "1s")]
    [InlineData(1500, "1500ms")]
    [InlineData(600_000, "10m")]
    [InlineData(86_400_000, "24h")]
    [InlineData(0, "0s")]
    public void Format_ShortestExactUnit(int milliseconds, string text) =>
        Assert.Equal(text, DurationText.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
