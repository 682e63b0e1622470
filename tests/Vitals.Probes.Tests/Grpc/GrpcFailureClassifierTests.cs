using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;
using Vitals.Probes.Grpc;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>Socket, TLS and timeout failures of a gRPC check are the shared ones, worded as every other check words them.</summary>
public sealed class GrpcFailureClassifierTests
{
    [Theory]
    [InlineData((byte)GrpcCheckPhase.NotStarted, (byte)ProbePhase.Connect)]
    [InlineData((byte)GrpcCheckPhase.Connecting, (byte)ProbePhase.Connect)]
    [InlineData((byte)GrpcCheckPhase.Tls, (byte)ProbePhase.Tls)]
    [InlineData((byte)GrpcCheckPhase.Connected, (byte)ProbePhase.Response)]
    [InlineData((byte)GrpcCheckPhase.Answering, (byte)ProbePhase.Response)]
    public void Timeout_ByPhase_IsTheSharedTimeout(byte phase, byte shared)
    {
        Assert.Equal(ProbeFailures.Timeout((ProbePhase)shared), GrpcFailureClassifier.Timeout((GrpcCheckPhase)phase));
    }

    [Fact]
    public void Timeout_Connecting_IsWordedAsTheOtherChecks()
    {
        Assert.Equal("Timeout while connecting", GrpcFailureClassifier.Timeout(GrpcCheckPhase.Connecting).Detail);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, (byte)GrpcCheckPhase.Connecting, (byte)ProbePhase.Connect)]
    [InlineData(SocketError.TimedOut, (byte)GrpcCheckPhase.Connecting, (byte)ProbePhase.Connect)]
    [InlineData(SocketError.ConnectionReset, (byte)GrpcCheckPhase.Connected, (byte)ProbePhase.Response)]
    public void Classify_WrappedSocketError_IsTheSharedFailure(SocketError error, byte phase, byte shared)
    {
        var check = Check((GrpcCheckPhase)phase);
        var exception = new HttpRequestException(HttpRequestError.ConnectionError, "connect failed", new SocketException((int)error));

        var failure = GrpcFailureClassifier.Classify(exception, check);

        Assert.Equal(ProbeFailures.FromSocketError(error, (ProbePhase)shared), failure);
    }

    [Fact]
    public void Classify_HandshakeFailure_IsTheSharedTlsFailure()
    {
        var check = Check(GrpcCheckPhase.Tls);
        var exception = new HttpRequestException(HttpRequestError.SecureConnectionError, "ssl failed",
            new AuthenticationException("Authentication failed", new InvalidOperationException("wrong version number")));

        var failure = GrpcFailureClassifier.Classify(exception, check);

        Assert.Equal(new ProbeFailure(ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, "TLS handshake failed: wrong version number"), failure);
    }

    [Fact]
    public void Classify_ResponseEnded_IsTheSharedClosedBeforeResponse()
    {
        var check = Check(GrpcCheckPhase.Connected);
        var exception = new HttpRequestException(HttpRequestError.ResponseEnded, "request failed",
            new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

        Assert.Equal(ProbeFailures.ClosedBeforeResponse, GrpcFailureClassifier.Classify(exception, check));
    }

    [Fact]
    public void Classify_FailureRecordedByTheConnector_Wins()
    {
        var check = Check(GrpcCheckPhase.Tls);
        check.Fail(ProbeFailures.TlsClosed);

        Assert.Equal(ProbeFailures.TlsClosed, GrpcFailureClassifier.Classify(new HttpRequestException("later"), check));
    }

    private static GrpcCheck Check(GrpcCheckPhase phase)
    {
        var target = new ProbeTarget(new IPEndPoint(IPAddress.Loopback, 50051), GrpcTestTargets.Spec());
        var check = new GrpcCheck(target, TimeProvider.System, TimeProvider.System.GetTimestamp(), CancellationToken.None);
        check.Enter(phase);
        return check;
    }
}
