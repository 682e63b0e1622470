using Vitals.Core.Monitoring;
using Vitals.Core.Probing;
using Vitals.Probes.Grpc;
using Vitals.Probes.Http;
using Vitals.Probes.Tcp;
using Vitals.Probes.Tcp.Native;
using Vitals.Probes.Tls;
using Vitals.Probes.Udp;

namespace Vitals.Probes;

/// <summary>
/// The prober for every check type: dispatches on the spec's type. On Linux with the system clock, TCP checks run
/// on an epoll reactor thread owned by this prober (see <see cref="NativeTcpProber"/>); elsewhere, or if the reactor
/// cannot start, on the portable <see cref="TcpProber"/>. Dispose it to stop that thread.
/// </summary>
public sealed class Prober : IProber, IBatchingProber, IDisposable, IAsyncDisposable
{
    private readonly IProber _tcp;
    private readonly NativeTcpProber? _nativeTcp;
    private readonly UdpProber _udp;
    private readonly HttpProber _http;
    private readonly TlsProber _tls;
    private readonly GrpcProber _grpc;

    public Prober(TimeProvider timeProvider)
        : this(timeProvider, nativeTcp: true)
    {
    }

    /// <param name="timeProvider">The clock.</param>
    /// <param name="nativeTcp">Use the epoll reactor for TCP checks where it can run; false forces the portable prober.</param>
    internal Prober(TimeProvider timeProvider, bool nativeTcp)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);

        // The reactor sleeps in real time until its deadlines, so it serves only the real clock; a fake clock's
        // deadlines need the managed prober's timers.
        _nativeTcp = nativeTcp && timeProvider == TimeProvider.System ? NativeTcpProber.TryCreate(timeProvider) : null;
        _tcp = _nativeTcp ?? (IProber)new TcpProber(timeProvider);
        _udp = new UdpProber(timeProvider);
        _http = new HttpProber(timeProvider);
        _tls = new TlsProber(timeProvider);
        _grpc = new GrpcProber(timeProvider);
    }

    /// <summary>True when TCP checks run on the epoll reactor.</summary>
    internal bool UsesNativeTcp => _nativeTcp is not null;

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

    /// <inheritdoc/>
    public void BeginBatch() => _nativeTcp?.BeginBatch();

    /// <inheritdoc/>
    public void EndBatch() => _nativeTcp?.EndBatch();

    /// <summary>Stops the TCP reactor (its running checks end cancelled) and releases the gRPC handler.</summary>
    public void Dispose()
    {
        _nativeTcp?.Dispose();
        _grpc.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
