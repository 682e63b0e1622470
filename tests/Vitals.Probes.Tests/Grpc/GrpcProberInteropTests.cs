using Vitals.Core.Probing;
using Vitals.Probes.Grpc;
using Vitals.Testing;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>The GRPC prober against a real gRPC server: Node's grpc-js with grpc-health-check.</summary>
public sealed class GrpcProberInteropTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAsync_Serving_PassesWithStatusZero()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Passed(result);
        Assert.Equal(0, result.StatusCode);
        Assert.Equal("status: SERVING", result.Content);
        Assert.Equal("SERVING", result.Detail);
    }

    [Fact]
    public async Task Prober_GrpcSpec_IsCheckedByTheGrpcProber()
    {
        await using var server = await GrpcHealthServer.StartAsync("NOT_SERVING", cancellationToken: Token);
        await using var sut = new Prober(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcNotServing, CheckCode.L7Sts);
    }

    [Fact]
    public async Task ProbeAsync_Serving_ReportsOrderedPhaseTimingsWithoutTls()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Passed(result);
        var t = result.Timings;
        Assert.True(t.ConnectMicros >= 0, t.ToString());
        Assert.Equal(-1, t.TlsMicros);
        Assert.True(t.FirstByteMicros >= t.ConnectMicros, t.ToString());
        Assert.True(t.TotalMicros >= t.FirstByteMicros, t.ToString());
    }

    [Theory]
    [InlineData("NOT_SERVING")]
    [InlineData("SERVICE_UNKNOWN")]
    [InlineData("UNKNOWN")]
    public async Task ProbeAsync_NotServing_FailsWithGrpcNotServing(string status)
    {
        await using var server = await GrpcHealthServer.StartAsync(status, cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcNotServing, CheckCode.L7Sts);
        Assert.Equal(0, result.StatusCode);
        Assert.Equal(status, result.Detail);
        Assert.Equal("status: " + status, result.Content);
    }

    [Fact]
    public async Task ProbeAsync_NoHealthService_FailsWithUnimplemented()
    {
        await using var server = await GrpcHealthServer.StartAsync("NONE", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcStatusNotMatch, CheckCode.L7Sts);
        Assert.Equal(12, result.StatusCode);
        Assert.Contains("grpc.health.v1.Health/Check", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("grpc-status: 12 UNIMPLEMENTED", result.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UnimplementedExpected_PassesOnTheStatusAlone()
    {
        await using var server = await GrpcHealthServer.StartAsync("NONE", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, expectedCodes: "0,12"), Token);

        GrpcAssert.Passed(result);
        Assert.Equal(12, result.StatusCode);
    }

    [Fact]
    public async Task ProbeAsync_NotServingWithOtherCodesExpected_StillFailsWithGrpcNotServing()
    {
        await using var server = await GrpcHealthServer.StartAsync("NOT_SERVING", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, expectedCodes: "0,12"), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcNotServing, CheckCode.L7Sts);
    }

    [Fact]
    public async Task ProbeAsync_StatusZeroNotExpected_FailsWithGrpcStatusNotMatch()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, expectedCodes: "12"), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcStatusNotMatch, CheckCode.L7Sts);
        Assert.Equal(0, result.StatusCode);
    }

    [Fact]
    public async Task ProbeAsync_DomainName_ConnectsToTheMemberAddressNotTheName()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        // ".invalid" never resolves: a pass proves the check went to 127.0.0.1 and only named the domain.
        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, domainName: "backend.invalid"), Token);

        GrpcAssert.Passed(result);
    }

    [Fact]
    public async Task ProbeAsync_ServingOverTlsWithSelfSignedCertificate_PassesWithTlsTiming()
    {
        using var certificate = new GrpcTestCertificate();
        await using var server = await GrpcHealthServer.StartAsync("SERVING", certificate.CertificatePath, certificate.KeyPath, Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, tls: true, domainName: "backend.invalid"), Token);

        GrpcAssert.Passed(result);
        Assert.Equal(0, result.StatusCode);
        var t = result.Timings;
        Assert.True(t.TlsMicros >= t.ConnectMicros && t.ConnectMicros >= 0, t.ToString());
        Assert.True(t.FirstByteMicros >= t.TlsMicros, t.ToString());
    }

    [Fact]
    public async Task ProbeAsync_NotServingOverTls_FailsWithGrpcNotServing()
    {
        using var certificate = new GrpcTestCertificate();
        await using var server = await GrpcHealthServer.StartAsync("NOT_SERVING", certificate.CertificatePath, certificate.KeyPath, Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, tls: true), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcNotServing, CheckCode.L7Sts);
    }

    [Fact]
    public async Task ProbeAsync_TlsAgainstCleartextServer_FailsWithTlsHandshakeFailed()
    {
        await using var server = await GrpcHealthServer.StartAsync("SERVING", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, tls: true), Token);

        GrpcAssert.Failed(result, ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp);
        Assert.True(result.Timings.ConnectMicros >= 0, result.ToString());
    }

    [Fact]
    public async Task ProbeAsync_TlsServerWithoutHttp2_FailsTheHandshakeOnAlpn()
    {
        // node:https offers only http/1.1 and ends the handshake with a no_application_protocol alert.
        using var certificate = new GrpcTestCertificate();
        await using var server = await GrpcHealthServer.StartAsync("HTTP1", certificate.CertificatePath, certificate.KeyPath, Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port, tls: true), Token);

        GrpcAssert.Failed(result, ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp);
        Assert.Contains("application protocol", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_Http11Server_FailsWithGrpcInvalidResponse()
    {
        await using var server = await GrpcHealthServer.StartAsync("HTTP1", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcInvalidResponse, CheckCode.L7Rsp);
        Assert.Contains("answered in HTTP/1.x, not HTTP/2", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 ", result.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("H2_NO_STATUS", "grpc-status")]
    [InlineData("H2_BAD_FRAME", "cut short")]
    [InlineData("H2_HTTP_503", "HTTP status 503")]
    public async Task ProbeAsync_Http2ButNotGrpc_FailsWithGrpcInvalidResponse(string mode, string detail)
    {
        await using var server = await GrpcHealthServer.StartAsync(mode, cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.GrpcInvalidResponse, CheckCode.L7Rsp);
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_StreamReset_FailsWithConnectInterrupt()
    {
        await using var server = await GrpcHealthServer.StartAsync("H2_RESET", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.ConnectInterrupt, CheckCode.L7Rsp);
    }

    [Fact]
    public async Task ProbeAsync_ConnectionCutMidAnswer_FailsWithConnectInterrupt()
    {
        await using var server = await GrpcHealthServer.StartAsync("H2_CUT", cancellationToken: Token);
        var sut = new GrpcProber(TimeProvider.System);

        var result = await sut.ProbeAsync(GrpcTestTargets.Loopback(server.Port), Token);

        GrpcAssert.Failed(result, ReasonCode.ConnectInterrupt, CheckCode.L7Rsp);
        Assert.True(result.Timings.FirstByteMicros >= 0, result.ToString());
    }
}
