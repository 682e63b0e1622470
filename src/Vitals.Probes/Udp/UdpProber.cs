using Vitals.Core.Probing;

namespace Vitals.Probes.Udp;

/// <summary>Placeholder: to be implemented.</summary>
internal sealed class UdpProber(TimeProvider timeProvider) : IProber
{
    private readonly TimeProvider _timeProvider = timeProvider;

    public ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
        => ValueTask.FromResult(ProbeResult.Fail(ReasonCode.SocketError, CheckCode.SockErr, ProbeTimings.None, _timeProvider.GetUtcNow(), detail: "not implemented"));
}
