using System.Net.Sockets;
using System.Security.Authentication;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;

namespace Vitals.Probes.Tests.Failures;

public sealed class ProbeFailuresTests
{
    [Theory]
    [InlineData(SocketError.ConnectionRefused, (byte)ProbePhase.Connect, ReasonCode.ConnectFailed, CheckCode.L4Con, "Connection refused")]
    [InlineData(SocketError.HostUnreachable, (byte)ProbePhase.Connect, ReasonCode.ConnectFailed, CheckCode.L4Con, "No route to host")]
    [InlineData(SocketError.NetworkUnreachable, (byte)ProbePhase.Connect, ReasonCode.ConnectFailed, CheckCode.L4Con, "Network is unreachable")]
    [InlineData(SocketError.TimedOut, (byte)ProbePhase.Connect, ReasonCode.ConnectTimeout, CheckCode.L4Tout, "Timeout while connecting")]
    [InlineData(SocketError.TooManyOpenSockets, (byte)ProbePhase.Connect, ReasonCode.SocketError, CheckCode.SockErr, "Too many open files")]
    [InlineData(SocketError.AddressNotAvailable, (byte)ProbePhase.Connect, ReasonCode.SocketError, CheckCode.SockErr, "Cannot assign requested address (no free source port?)")]
    [InlineData(SocketError.NoBufferSpaceAvailable, (byte)ProbePhase.Connect, ReasonCode.SocketError, CheckCode.SockErr, "No buffer space available")]
    [InlineData(SocketError.ConnectionReset, (byte)ProbePhase.Tls, ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp, "Connection reset by peer during TLS handshake")]
    [InlineData(SocketError.ConnectionReset, (byte)ProbePhase.Response, ReasonCode.ConnectInterrupt, CheckCode.L7Rsp, "Connection reset by peer")]
    [InlineData(SocketError.TimedOut, (byte)ProbePhase.Response, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout, "Timeout while waiting for the response")]
    [InlineData(SocketError.ConnectionRefused, (byte)ProbePhase.Datagram, ReasonCode.ConnectFailed, CheckCode.L4Con, "Port unreachable (ICMP)")]
    [InlineData(SocketError.HostUnreachable, (byte)ProbePhase.Datagram, ReasonCode.ConnectFailed, CheckCode.L4Con, "No route to host")]
    [InlineData(SocketError.TooManyOpenSockets, (byte)ProbePhase.Socket, ReasonCode.SocketError, CheckCode.SockErr, "Too many open files")]
    public void FromSocketError_ByPhase(SocketError error, byte phase, ReasonCode reason, CheckCode check, string detail)
    {
        var failure = ProbeFailures.FromSocketError(error, (ProbePhase)phase);

        Assert.Equal(new ProbeFailure(reason, check, detail), failure);
    }

    [Fact]
    public void FromException_WrappedSocketError_IsUnwrapped()
    {
        var wrapped = new IOException("read failed", new SocketException((int)SocketError.ConnectionReset));

        Assert.Equal(ReasonCode.ConnectInterrupt, ProbeFailures.FromException(wrapped, ProbePhase.Response).Reason);
    }

    [Fact]
    public void FromException_OpenSslChain_NamesTheInnermostCause()
    {
        var chain = new AuthenticationException("Authentication failed, see inner exception.",
            new InvalidOperationException("SSL Handshake failed with OpenSSL error - SSL_ERROR_SSL.",
                new InvalidOperationException("error:0A00010B:SSL routines::wrong version number")));

        var failure = ProbeFailures.FromException(chain, ProbePhase.Tls);

        Assert.Equal("TLS handshake failed: error:0A00010B:SSL routines::wrong version number", failure.Detail);
    }

    [Fact]
    public void FromException_EofInHandshake_IsConnectionClosedDuringTlsHandshake()
    {
        var failure = ProbeFailures.FromException(new IOException("Received an unexpected EOF or 0 bytes from the transport stream."),
            ProbePhase.Tls);

        Assert.Equal(ProbeFailures.TlsClosed, failure);
    }

    [Theory]
    [InlineData((byte)ProbePhase.Connect)]
    [InlineData((byte)ProbePhase.Tls)]
    [InlineData((byte)ProbePhase.Response)]
    public void Classify_DeadlineFired_IsTheTimeoutOfThePhaseWhateverTheException(byte phase)
    {
        var failure = ProbeFailures.Classify(new SocketException((int)SocketError.ConnectionReset), (ProbePhase)phase, deadlineFired: true);

        Assert.Equal(ProbeFailures.Timeout((ProbePhase)phase), failure);
    }

    [Fact]
    public void Classify_DeadlineNotFired_ClassifiesTheException()
    {
        var failure = ProbeFailures.Classify(new SocketException((int)SocketError.ConnectionRefused), ProbePhase.Connect, deadlineFired: false);

        Assert.Equal(new ProbeFailure(ReasonCode.ConnectFailed, CheckCode.L4Con, "Connection refused"), failure);
    }

    [Fact]
    public void FromException_AuthenticationInHandshake_IsTlsFailure()
    {
        var failure = ProbeFailures.FromException(new AuthenticationException("bad record"), ProbePhase.Tls);

        Assert.Equal((ReasonCode.TlsHandshakeFailed, CheckCode.L6Rsp), (failure.Reason, failure.CheckCode));
        Assert.Equal("TLS handshake failed: bad record", failure.Detail);
    }

    [Theory]
    [InlineData((byte)ProbePhase.Connect, ReasonCode.ConnectTimeout, CheckCode.L4Tout)]
    [InlineData((byte)ProbePhase.Tls, ReasonCode.TlsHandshakeTimeout, CheckCode.L6Tout)]
    [InlineData((byte)ProbePhase.Response, ReasonCode.RecvResponseTimeout, CheckCode.L7Tout)]
    public void Timeout_ByPhase(byte phase, ReasonCode reason, CheckCode check)
    {
        var failure = ProbeFailures.Timeout((ProbePhase)phase);

        Assert.Equal((reason, check), (failure.Reason, failure.CheckCode));
    }

    [Fact]
    public void IsTargetFailure_Bug_IsNot()
    {
        Assert.False(ProbeFailures.IsTargetFailure(new NullReferenceException()));
        Assert.True(ProbeFailures.IsTargetFailure(new SocketException((int)SocketError.ConnectionRefused)));
    }
}
