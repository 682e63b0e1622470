using System.Globalization;
using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;
using Vitals.Engine;

namespace Vitals.Control.Health;

/// <summary>
/// The <c>reason</c> of every live-status answer and event: one or two sentences, for an operator, saying why a member
/// is in its state. The one place these words are made, so the member, pool, overview, history and event answers agree.
/// Null only where there is nothing to explain: a Healthy member whose last check passed, a passing result, a
/// transition to Healthy.
/// </summary>
internal static class HealthReasons
{
    public const string Unused = "Weight is 0: the member takes no traffic and is not counted.";
    public const string NoMonitor = "The pool has no health monitor.";
    public const string MonitorOff = "The health monitor is switched off.";
    public const string MemberOff = "The member is switched off (admin_state_up false).";
    public const string PoolOff = "The pool is switched off.";
    public const string NotDecided = "Not decided yet: waiting for the first checks.";

    /// <summary>Why a member is in <paramref name="state"/> now.</summary>
    /// <param name="state">The reported state.</param>
    /// <param name="last">The newest check (or the one saved before a restart); null when none ran.</param>
    /// <param name="snapshot">The engine's view of the member (run lengths); null when it is not checked.</param>
    /// <param name="member">The member's stored record.</param>
    /// <param name="pool">Its pool, monitor and admin state, as the coordinator knows them.</param>
    public static string? Current(HealthState state, ProbeResult? last, MemberSnapshot? snapshot, Member member, CatalogPool pool)
    {
        var failed = last is { IsSuccess: false } f && f.Reason != ReasonCode.None ? f : (ProbeResult?)null;
        var thresholds = pool.Monitor is { } monitor ? HealthThresholds.From(monitor.Spec) : (HealthThresholds?)null;
        switch (state)
        {
            case HealthState.Healthy:
                if (failed is not { } failure)
                {
                    return null;
                }

                return thresholds is { } t && snapshot is { ConsecutiveFailures: > 0 } s
                    ? Invariant($"{Of(failure)} Still Healthy: {s.ConsecutiveFailures} of the {t.Fall} failed checks in a row that make it Unhealthy.")
                    : Of(failure) + " Still Healthy until more checks fail.";

            case HealthState.Unhealthy:
                if (failed is { } cause)
                {
                    return Of(cause);
                }

                if (last is null)
                {
                    return "Unhealthy before the restart: waiting for a check to confirm it.";
                }

                return thresholds is { } rise && snapshot is { ConsecutivePasses: > 0 } passing
                    ? Invariant($"The last check passed, but the member stays Unhealthy until {rise.Rise} checks in a row pass ({passing.ConsecutivePasses} so far).")
                    : "The last check passed, but the member stays Unhealthy until enough checks in a row pass.";

            case HealthState.Initial:
                if (snapshot is null || thresholds is not { } needed || (snapshot.ConsecutivePasses == 0 && snapshot.ConsecutiveFailures == 0))
                {
                    return NotDecided;
                }

                return failed is { } early
                    ? Invariant($"Not decided yet: {snapshot.ConsecutiveFailures} of the {needed.Fall} failed checks in a row that make it Unhealthy. {Of(early)}")
                    : Invariant($"Not decided yet: {snapshot.ConsecutivePasses} of the {needed.Rise} passed checks in a row that make it Healthy.");

            case HealthState.Unused:
                return Unused;

            case HealthState.Unavailable:
                return Unavailable(member, pool);

            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }
    }

    /// <summary>Which switch keeps the member from being checked; every one that applies.</summary>
    /// <param name="member">The member.</param>
    /// <param name="pool">Its pool and monitor.</param>
    /// <param name="refusal">The target policy's refusal of its address, when it has one.</param>
    public static string Unavailable(Member member, CatalogPool pool, string? refusal = null)
    {
        var parts = new List<string>(3);
        if (refusal is not null)
        {
            parts.Add($"Not checked: {refusal}.");
        }

        if (pool.Monitor is null)
        {
            parts.Add(NoMonitor);
        }
        else if (!pool.Monitor.Spec.AdminStateUp)
        {
            parts.Add(MonitorOff);
        }

        if (pool.Pool is { AdminStateUp: false })
        {
            parts.Add(PoolOff);
        }

        if (!member.AdminStateUp)
        {
            parts.Add(MemberOff);
        }

        return parts.Count > 0 ? string.Join(' ', parts) : "Checks are switched off for this member.";
    }

    /// <summary>Why a check failed; null when it passed.</summary>
    public static string? Of(in ProbeResult result) => result.IsSuccess || result.Reason == ReasonCode.None ? null : Words(result.Reason, result.StatusCode);

    /// <summary>
    /// Why a member went to <see cref="HealthTransition.To"/>. <paramref name="unavailable"/> says which switch, when the
    /// caller knows it (the live event); a stored transition does not record it.
    /// </summary>
    public static string? Of(HealthTransition transition, string? unavailable = null)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var deciding = transition.Evidence.Count > 0 ? transition.Evidence[^1] : (ProbeResult?)null;
        return transition.To switch
        {
            HealthState.Healthy => null,
            HealthState.Unhealthy when transition.Reason != ReasonCode.None => Words(transition.Reason, deciding?.StatusCode),
            HealthState.Unhealthy => "Unhealthy.",
            HealthState.Unused => Unused,
            HealthState.Unavailable => unavailable ?? "Checks were switched off: the pool has no health monitor, or the monitor, the pool or the member is switched off.",
            HealthState.Initial => transition.Cause switch
            {
                TransitionCause.MonitorChanged => "The health monitor changed: the verdict starts over with the next checks.",
                TransitionCause.ChecksToggled => "Checks were switched on: waiting for the first checks.",
                TransitionCause.Weight => "Weight is no longer 0: waiting for the checks to decide.",
                _ => NotDecided,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(transition), transition.To, null),
        };
    }

    /// <summary>
    /// The words of a reason code: what happened and where to look. Written for the person paged at night, so each
    /// names the likely causes; <paramref name="statusCode"/> is quoted where the code is about it.
    /// </summary>
    public static string Words(ReasonCode code, int? statusCode = null) => code switch
    {
        ReasonCode.ConnectTimeout =>
            "The connection attempt got no answer within the timeout: packets to the port are dropped (firewall, security group, routing) or the host is down.",
        ReasonCode.ConnectFailed =>
            "The connection was refused or the address is unreachable: nothing listens on the port, or the host or a firewall rejects the connection.",
        ReasonCode.RecvResponseTimeout =>
            "Connected, but no complete answer arrived within the timeout: the backend is overloaded, hung, or slower than the monitor's timeout.",
        ReasonCode.ConnectInterrupt =>
            "The connection was closed or reset before a complete answer arrived: the backend crashed, restarted, or closes connections early.",
        ReasonCode.HttpCodeNotMatch => statusCode is { } http
            ? Invariant($"The backend answered HTTP {http}, which is not one of the monitor's expected codes.")
            : "The backend answered with an HTTP status that is not one of the monitor's expected codes.",
        ReasonCode.HttpInvalidHeader =>
            "The answer is not valid HTTP: the port may speak another protocol (TLS, gRPC) or the backend sent a malformed response.",
        ReasonCode.TlsHandshakeFailed =>
            "The TLS handshake failed: the port does not speak TLS, or the two sides share no protocol version or cipher.",
        ReasonCode.TlsHandshakeTimeout =>
            "Connected, but the TLS handshake did not finish within the timeout: the backend is overloaded or does not speak TLS on this port.",
        ReasonCode.GrpcNotServing =>
            "The gRPC health service answered that it is not serving: the application reports itself unhealthy.",
        ReasonCode.GrpcStatusNotMatch => statusCode is { } grpc
            ? Invariant($"The gRPC call ended with status {grpc}, which is not one of the monitor's expected codes (is the health service registered?).")
            : "The gRPC call ended with a status that is not one of the monitor's expected codes (is the health service registered?).",
        ReasonCode.GrpcInvalidResponse =>
            "The answer is not a valid gRPC response: the port may not speak gRPC over HTTP/2 (or expects TLS).",
        ReasonCode.SocketError =>
            "The checker could not use a socket: a local error on the Vitals host (file descriptors, ports), not the backend's fault.",
        ReasonCode.None => throw new ArgumentOutOfRangeException(nameof(code), code, "a passed check has no reason"),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
