using System.Net;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Diagnostics;

/// <summary>What to diagnose: a backend, its health-check spec, and what else is known about it.</summary>
public sealed record DiagnosisRequest
{
    public const int MaxSamples = 10;
    public const int MaxHostHints = 4;

    /// <summary>The default time the whole diagnosis may take.</summary>
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(15);

    /// <summary>The most a diagnosis may be given.</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromMinutes(2);

    /// <summary>The backend's address (the member address).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The member's port; the check probes it unless the spec sets <c>monitor_port</c>.</summary>
    public required int Port { get; init; }

    public required HealthMonitorSpec Spec { get; init; }

    /// <summary>
    /// The port the listener forwards traffic to, when it differs from <see cref="Port"/>; null means <see cref="Port"/>.
    /// A check port that differs from it is compared with it (PORT_MISMATCH).
    /// </summary>
    public int? BackendPort { get; init; }

    /// <summary>Recent results of this member's checks, oldest first: the latency trend and flapping come from it.</summary>
    public IReadOnlyList<ProbeResult> History { get; init; } = [];

    /// <summary>
    /// Host names the site answers to (listener or forwarding-rule domains): tried as Host/SNI when the configured one
    /// is refused (WRONG_HOST). At most <see cref="MaxHostHints"/> are tried.
    /// </summary>
    public IReadOnlyList<string> HostHints { get; init; } = [];

    /// <summary>GRPC checks only: gRPC over TLS.</summary>
    public bool GrpcOverTls { get; init; }

    /// <summary>The whole diagnosis ends within this time; what did not fit is reported as not checked.</summary>
    /// <value>15 s</value>
    public TimeSpan Budget { get; init; } = DefaultBudget;

    /// <summary>How many times each live probe runs (the verdict is the majority), 1-10.</summary>
    /// <value>3</value>
    public int Samples { get; init; } = 3;

    /// <summary>Pause between samples of the same probe.</summary>
    /// <value>250 ms</value>
    public TimeSpan SampleSpacing { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The port the health check probes: <c>monitor_port</c>, else the member's port.</summary>
    public int CheckPort => Spec.MonitorPort ?? Port;

    /// <summary>The port traffic is forwarded to.</summary>
    public int ServingPort => BackendPort ?? Port;

    /// <summary>Null when the request can run, else what is wrong with it.</summary>
    internal string? Problem()
    {
        if (Address is null || Spec is null || History is null || HostHints is null)
        {
            return "Address, Spec, History and HostHints must not be null";
        }

        return Port is < 1 or > 65535 ? "Port must be from 1 to 65535"
            : BackendPort is < 1 or > 65535 ? "BackendPort must be from 1 to 65535"
            : Samples is < 1 or > MaxSamples ? $"Samples must be from 1 to {MaxSamples}"
            : Budget <= TimeSpan.Zero || Budget > MaxBudget ? $"Budget must be positive and at most {MaxBudget}"
            : SampleSpacing < TimeSpan.Zero ? "SampleSpacing must not be negative"
            : null;
    }
}
