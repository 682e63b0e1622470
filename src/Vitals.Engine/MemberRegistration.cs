using System.Net;
using Vitals.Core.Health;
using Vitals.Core.Monitoring;

namespace Vitals.Engine;

/// <summary>
/// One member as the engine checks it: its address and port, the monitor of its pool and the overlays
/// (weight, admin state) that decide what its health is reported as.
/// </summary>
/// <param name="MemberId">Stable id; an Upsert with the same id changes the member.</param>
/// <param name="Address">The member's address.</param>
/// <param name="Port">The member's port (the check uses <c>monitor_port</c> when the spec sets one).</param>
/// <param name="Spec">The pool's health monitor.</param>
public sealed record MemberRegistration(string MemberId, IPAddress Address, int Port, HealthMonitorSpec Spec)
{
    /// <summary>Weight 0 makes the member Unused (it is still checked).</summary>
    /// <value>1</value>
    public int Weight { get; init; } = 1;

    /// <summary>False switches checking off for this member: Unavailable, no probes.</summary>
    /// <value>true</value>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>GRPC checks only: speak gRPC over TLS (the pool is HTTPS) instead of cleartext h2c.</summary>
    /// <value>false</value>
    public bool GrpcOverTls { get; init; }

    /// <summary>A verdict remembered from before a restart (Healthy or Unhealthy), reported until a check confirms.</summary>
    /// <value>Initial (nothing remembered)</value>
    public HealthState RestoredState { get; init; } = HealthState.Initial;

    /// <summary>When the restored verdict began.</summary>
    public DateTimeOffset? RestoredSince { get; init; }
}
