using Vitals.Core.Probing;
using Vitals.Core.Traffic;

namespace Vitals.Core.Tests.Traffic;

public sealed class AgentReplyTests
{
    [Theory]
    [InlineData(RotationState.Ready, true, "up ready 40%\n")]
    [InlineData(RotationState.Ready, false, "up ready\n")]
    [InlineData(RotationState.Drain, true, "drain\n")]
    [InlineData(RotationState.Maint, true, "maint\n")]
    [InlineData(RotationState.Unknown, true, "\n")]
    public void Text_EachState_IsTheAgentLine(RotationState state, bool withWeight, string expected)
    {
        var rotation = new Rotation(state, state == RotationState.Ready ? 40 : 0, ReasonCode.None, KeptByPanic: false);

        Assert.Equal(expected, AgentReply.Text(rotation, withWeight, detail: null));
    }

    [Fact]
    public void Text_Down_CarriesTheReasonAndTheDetailAfterASharp()
    {
        var rotation = new Rotation(RotationState.Down, 0, ReasonCode.HttpCodeNotMatch, KeptByPanic: false);

        var sut = AgentReply.Text(rotation, withWeight: true, "HTTP 500 from /healthz");

        Assert.Equal("down ready #HTTP_CODE_NOT_MATCH HTTP 500 from /healthz\n", sut);
    }

    [Fact]
    public void Text_DetailWithNewlinesAndNonAscii_StaysOneAsciiLineWithinTheLimit()
    {
        var rotation = new Rotation(RotationState.Down, 0, ReasonCode.ConnectFailed, KeptByPanic: false);

        var sut = AgentReply.Text(rotation, withWeight: true, "a\r\nb\tcé" + new string('x', 1000));

        Assert.Equal(AgentReply.MaxBytes, sut.Length);
        Assert.StartsWith("down ready #CONNECT_FAILED a  b c?x", sut, StringComparison.Ordinal);
        Assert.Equal(1, sut.Count(c => c == '\n'));
        Assert.EndsWith("\n", sut, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_KeptByPanic_IsUpWithTheReasonInTheDescription()
    {
        var rotation = new Rotation(RotationState.Ready, 100, ReasonCode.ConnectTimeout, KeptByPanic: true);

        var sut = AgentReply.Text(rotation, withWeight: true, detail: null);

        Assert.StartsWith("up ready 100% #kept in rotation", sut, StringComparison.Ordinal);
        Assert.Contains("CONNECT_TIMEOUT", sut, StringComparison.Ordinal);
    }
}
