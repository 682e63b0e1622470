using System.Net.Security;
using System.Net.Sockets;
using Vitals.Core.Probing;
using Vitals.Probes.Failures;
using Vitals.Probes.Sockets;

namespace Vitals.Probes.Tls;

/// <summary>
/// TLS check: connect and complete a TLS handshake, nothing more (HAProxy's <c>check-ssl</c> without an
/// application check). SNI is <c>domain_name</c>, none for an address. The certificate is recorded in the
/// detail, not verified.
/// </summary>
internal sealed class TlsProber(TimeProvider timeProvider) : IProber
{
    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly DeadlinePool _deadlines = new(timeProvider);

    public async ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var checkedAt = _timeProvider.GetUtcNow();
        var clock = new PhaseClock(_timeProvider, _timeProvider.GetTimestamp());
        Socket socket;
        try
        {
            socket = ProbeSockets.CreateTcp(target.EndPoint, halfOpen: false);
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            return ProbeFailures.FromException(e, ProbePhase.Socket).ToResult(clock.Timings(), checkedAt);
        }

        var deadline = _deadlines.Start(target.Timeout, cancellationToken);
        SslStream? ssl = null;
        var phase = ProbePhase.Connect;
        try
        {
            await socket.ConnectAsync(target.EndPoint, deadline.Token);
            clock.Connected();
            phase = ProbePhase.Tls;
            ssl = TlsClient.Create(socket);
            await ssl.AuthenticateAsClientAsync(TlsClient.Options(target), deadline.Token);
            clock.TlsDone();
            return ProbeResult.Pass(CheckCode.L6Ok, clock.Timings(), checkedAt, detail: Describe(ssl));
        }
        catch (Exception e) when (ProbeFailures.IsTargetFailure(e))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ProbeFailures.Classify(e, phase, deadline.HasFired).ToResult(clock.Timings(), checkedAt);
        }
        finally
        {
            ssl?.Dispose();
            socket.Dispose();
            deadline.Release();
        }
    }

    /// <summary>"Tls13 TLS_AES_256_GCM_SHA384, CN=backend": what a person checking the backend wants to see.</summary>
    private static string Describe(SslStream ssl)
    {
        var subject = ssl.RemoteCertificate?.Subject;
        return string.IsNullOrEmpty(subject)
            ? $"{ssl.SslProtocol} {ssl.NegotiatedCipherSuite}"
            : $"{ssl.SslProtocol} {ssl.NegotiatedCipherSuite}, {subject}";
    }
}
