using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// A member's Huawei <c>operating_status</c> and <c>reason</c>, from the live engine state:
/// Healthy → ONLINE, Unhealthy → OFFLINE, Initial → INITIAL, Unavailable (no monitor, or monitor switched off) →
/// NO_MONITOR, not known to the engine → UNKNOWN. Huawei has no "weight 0" status and keeps checking such members, so
/// Unused shows what the last check said: passed → ONLINE, failed → OFFLINE, none yet → INITIAL.
/// A disabled member (<c>admin_state_up=false</c>) reads OFFLINE with no reason, whatever the monitor: Huawei shows such a
/// member OFFLINE (its load balancer status tree calls the same member DISABLE), not NO_MONITOR.
/// </summary>
internal static class HuaweiOperatingStatus
{
    public const string Online = "ONLINE";
    public const string Offline = "OFFLINE";
    public const string NoMonitor = "NO_MONITOR";
    public const string Initial = "INITIAL";
    public const string Unknown = "UNKNOWN";

    public static (string Status, HuaweiMemberReasonDto? Reason) Of(MemberLiveHealth? health, string? expectedCodes, bool adminStateUp = true)
    {
        if (!adminStateUp)
        {
            return (Offline, null);
        }

        if (health is null)
        {
            return (Unknown, null);
        }

        var status = health.State switch
        {
            HealthState.Healthy => Online,
            HealthState.Unhealthy => Offline,
            HealthState.Initial => Initial,
            HealthState.Unavailable => NoMonitor,
            HealthState.Unused => health.LastCheckedAt is null ? Initial : health.Failure is null ? Online : Offline,
            _ => Unknown,
        };
        return (status, status == Offline ? Reason(health, expectedCodes) : null);
    }

    /// <summary>Huawei's reason codes (huawei-elb-v3.md §9, troubleshooting.md) for the engine's failure reason.</summary>
    private static HuaweiMemberReasonDto? Reason(MemberLiveHealth health, string? expectedCodes)
    {
        if (health.Last is not { } last || health.Failure is not { } reason)
        {
            return null;
        }

        var refused = ProbeDetails.IsConnectionRefused(last);
        var code = reason switch
        {
            ReasonCode.ConnectTimeout => "CONNECT_TIMEOUT",
            ReasonCode.ConnectFailed => refused ? "CONNECT_REFUSED" : "CONNECT_FAILED",
            ReasonCode.SocketError => "CONNECT_FAILED",
            ReasonCode.ConnectInterrupt => "CONNECT_INTERRUPT",
            ReasonCode.RecvResponseTimeout => "RECV_RESPONSE_TIMEOUT",
            ReasonCode.TlsHandshakeFailed or ReasonCode.TlsHandshakeTimeout => "SSL_HANDSHAKE_ERROR",
            ReasonCode.HttpCodeNotMatch or ReasonCode.GrpcNotServing or ReasonCode.GrpcStatusNotMatch => "RESPONSE_MISMATCH",
            ReasonCode.HttpInvalidHeader or ReasonCode.GrpcInvalidResponse => "RESPONSE_FORMAT_ERROR",
            _ => "CONNECT_FAILED",
        };
        return code == "RESPONSE_MISMATCH"
            ? new HuaweiMemberReasonDto(code, expectedCodes, last.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new HuaweiMemberReasonDto(code, null, null);
    }
}
