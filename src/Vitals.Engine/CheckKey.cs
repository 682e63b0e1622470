using System.Net;
using Vitals.Core.Monitoring;

namespace Vitals.Engine;

/// <summary>
/// What makes two checks identical: the endpoint checked, the probe-relevant monitor fields and gRPC-over-TLS.
/// Members whose keys are equal share one probe.
/// </summary>
internal readonly record struct CheckKey(IPEndPoint EndPoint, HealthMonitorSpec Spec, bool GrpcOverTls)
{
    public static CheckKey For(MemberRegistration member)
    {
        var spec = member.Spec;
        var endPoint = new IPEndPoint(member.Address, spec.MonitorPort ?? member.Port);

        // Rise/fall and admin state are decided per member, not by the probe, so members that differ only there
        // still share one check.
        var probeSpec = spec.MaxRetries == 1 && spec.MaxRetriesDown == 1 && spec.AdminStateUp
            ? spec
            : spec with { MaxRetries = 1, MaxRetriesDown = 1, AdminStateUp = true };
        return new CheckKey(endPoint, probeSpec, member.GrpcOverTls && spec.Type == HealthMonitorType.Grpc);
    }
}
