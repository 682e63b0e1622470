using Vitals.Cli.Output;

namespace Vitals.Cli.Tests.Output;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text <b>", "plain text <b>")]
    [InlineData("a\u001b[31mred", @"a\e[31mred")]
    [InlineData("cr\rlf\ntab\t", @"cr\rlf\ntab\t")]
    [InlineData("bell\u0007 del\u007f csi\u009b", @"bell\x07 del\x7f csi\x9b")]
    [InlineData("back\\slash", @"back\\slash")]
    [InlineData("rtl\u202eoverride", @"rtl\u202eoverride")]
    [InlineData("caf\u00e9 \u65e5\u672c", "caf\u00e9 \u65e5\u672c")]
    public void Escape_Text_ControlAndFormatCharactersBecomeEscapes(string input, string expected)
    {
        var sut = TerminalText.Escape(input);

        Assert.Equal(expected, sut);
    }

    [Fact]
    public void Escape_Null_ReturnsEmpty()
    {
        Assert.Equal("", TerminalText.Escape(null));
    }
}
