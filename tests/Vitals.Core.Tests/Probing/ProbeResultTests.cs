using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Probing;

public sealed class ProbeResultTests
{
    private static readonly DateTimeOffset At = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CheckCode.L7Sts, 500, "Internal Server Error", "Layer7 wrong status, code: 500, info: \"Internal Server Error\"")]
    [InlineData(CheckCode.L7Sts, 404, null, "Layer7 wrong status, code: 404")]
    [InlineData(CheckCode.L7Sts, 12, "UNIMPLEMENTED", "Layer7 wrong status, code: 12, info: \"UNIMPLEMENTED\"")]
    [InlineData(CheckCode.L7Ok, 200, "OK", "Layer7 check passed, code: 200, info: \"OK\"")]
    [InlineData(CheckCode.L7Ok, null, null, "Layer7 check passed")]
    [InlineData(CheckCode.L4Ok, null, null, "Layer4 check passed")]
    [InlineData(CheckCode.L4Ok, null, "", "Layer4 check passed")]
    [InlineData(CheckCode.L4Con, null, "Connection refused", "Layer4 connection problem, info: \"Connection refused\"")]
    [InlineData(CheckCode.L4Tout, null, null, "Layer4 timeout")]
    [InlineData(CheckCode.L6Ok, null, null, "Layer6 check passed")]
    [InlineData(CheckCode.L6Rsp, null, "SSL handshake failure", "Layer6 invalid response, info: \"SSL handshake failure\"")]
    [InlineData(CheckCode.L6Tout, null, null, "Layer6 timeout")]
    [InlineData(CheckCode.L7Rsp, 200, "truncated headers", "Layer7 invalid response, info: \"truncated headers\"")]
    [InlineData(CheckCode.L7Tout, null, null, "Layer7 timeout")]
    [InlineData(CheckCode.SockErr, null, "No buffer space available", "Socket error, info: \"No buffer space available\"")]
    [InlineData(CheckCode.Ini, null, null, "Initializing")]
    public void CheckStatus_Formats_AsHaProxyOneLiner(CheckCode checkCode, int? status, string? detail, string expected)
    {
        var sut = new ProbeResult { CheckCode = checkCode, StatusCode = status, Detail = detail };

        Assert.Equal(expected, sut.CheckStatus);
    }

    [Fact]
    public void Pass_SetsEveryField()
    {
        var timings = new ProbeTimings(10, 20, 30, 40);

        var sut = ProbeResult.Pass(CheckCode.L7Ok, timings, At, statusCode: 204, content: "HTTP/1.1 204", detail: "No Content");

        Assert.Equal(ProbeOutcome.Success, sut.Outcome);
        Assert.True(sut.IsSuccess);
        Assert.Equal(ReasonCode.None, sut.Reason);
        Assert.Equal(CheckCode.L7Ok, sut.CheckCode);
        Assert.Equal(timings, sut.Timings);
        Assert.Equal(At, sut.CheckedAt);
        Assert.Equal(204, sut.StatusCode);
        Assert.Equal("HTTP/1.1 204", sut.Content);
        Assert.Equal("No Content", sut.Detail);
    }

    [Fact]
    public void Fail_SetsEveryField()
    {
        var sut = ProbeResult.Fail(ReasonCode.ConnectFailed, CheckCode.L4Con, ProbeTimings.None, At, detail: "Connection refused");

        Assert.Equal(ProbeOutcome.Failure, sut.Outcome);
        Assert.False(sut.IsSuccess);
        Assert.Equal(ReasonCode.ConnectFailed, sut.Reason);
        Assert.Equal(CheckCode.L4Con, sut.CheckCode);
        Assert.Equal(ProbeTimings.None, sut.Timings);
        Assert.Equal(At, sut.CheckedAt);
        Assert.Null(sut.StatusCode);
        Assert.Null(sut.Content);
        Assert.Equal("Layer4 connection problem, info: \"Connection refused\"", sut.CheckStatus);
    }

    [Fact]
    public void Default_IsInitializingSuccessWithoutData()
    {
        var sut = default(ProbeResult);

        Assert.Equal(CheckCode.Ini, sut.CheckCode);
        Assert.Equal("Initializing", sut.CheckStatus);
    }
}
