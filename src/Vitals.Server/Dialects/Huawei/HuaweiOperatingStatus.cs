using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Server.Health;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// A member's Huawei <c>operating_status</c> and <c>reason</c>, from the live engine state:
/// Healthy → ONLINE, Unhealthy → OFFLINE, Initial → INITIAL, Unavailable (no monitor, or monitor switched off) →
/// NO_MONITOR, not known to the engine → UNKNOWN. Huawei has no "weight 0" status and keeps checking such members, so
/// Unused shows what the last check said: passed → ONLINE, failed → OFFLINE, none yet → INITIAL.
/// </summary>
internal static class HuaweiOperatingStatus
{
    public const string Online = "ONLINE";
    public const string Offline = "OFFLINE";
    public const string NoMonitor = "NO_MONITOR";
    public const string Initial = "INITIAL";
    public const string Unknown = "UNKNOWN";

    public static (string Status, HuaweiMemberReasonDto? Reason) Of(MemberHealthDto? health, string? expectedCodes)
    {
        if (health is null)
        {
            return (Unknown, null);
        }

        var status = health.State switch
        {
            nameof(HealthState.Healthy) => Online,
            nameof(HealthState.Unhealthy) => Offline,
            nameof(HealthState.Initial) => Initial,
            nameof(HealthState.Unavailable) => NoMonitor,
            nameof(HealthState.Unused) => health.CheckedAt is null ? Initial : health.ReasonCode is null ? Online : Offline,
            _ => Unknown,
        };
        return (status, status == Offline ? Reason(health, expectedCodes) : null);
    }

    /// <summary>Huawei's reason codes (huawei-elb-v3.md §9, troubleshooting.md) for the engine's failure reason.</summary>
    private static HuaweiMemberReasonDto? Reason(MemberHealthDto health, string? expectedCodes)
    {
        if (!ReasonCodes.TryParse(health.ReasonCode, out var reason))
        {
            return null;
        }

        var refused = health.CheckStatus?.Contains("refused", StringComparison.OrdinalIgnoreCase) == true;
        var code = reason.Value switch
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
            ? new HuaweiMemberReasonDto(code, expectedCodes, health.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : new HuaweiMemberReasonDto(code, null, null);
    }
}
