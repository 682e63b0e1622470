using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Grpc;
using Vitals.Probes.Http;
using Vitals.Probes.Tcp;
using Vitals.Probes.Tls;
using Vitals.Probes.Udp;

namespace Vitals.Probes;

/// <summary>The prober for every check type: dispatches on the spec's type.</summary>
public sealed class Prober : IProber
{
    private readonly TcpProber _tcp;
    private readonly UdpProber _udp;
    private readonly HttpProber _http;
    private readonly TlsProber _tls;
    private readonly GrpcProber _grpc;

    public Prober(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _tcp = new TcpProber(timeProvider);
        _udp = new UdpProber(timeProvider);
        _http = new HttpProber(timeProvider);
        _tls = new TlsProber(timeProvider);
        _grpc = new GrpcProber(timeProvider);
    }

    public ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Spec.Type switch
        {
            HealthMonitorType.Tcp => _tcp.ProbeAsync(target, cancellationToken),
            HealthMonitorType.UdpConnect => _udp.ProbeAsync(target, cancellationToken),
            HealthMonitorType.Http or HealthMonitorType.Https => _http.ProbeAsync(target, cancellationToken),
            HealthMonitorType.Tls => _tls.ProbeAsync(target, cancellationToken),
            HealthMonitorType.Grpc => _grpc.ProbeAsync(target, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Spec.Type, "unknown check type"),
        };
    }
}
