using Vitals.Core.Health;
using Vitals.Core.Probing;
using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>
/// One member's live health as every surface shows it (native API, console, metrics, dialects): typed values, so a
/// mapper never has to parse words the system wrote. Read by <see cref="LiveHealthReader"/>.
/// </summary>
/// <param name="Member">The member's record.</param>
/// <param name="Pool">Its pool's record; null while only members referring to it are known.</param>
/// <param name="State">The reported state.</param>
/// <param name="Since">When <paramref name="State"/> began.</param>
/// <param name="Flapping">Marked flapping.</param>
/// <param name="Restored">The state was resumed from before a restart and no check has confirmed it yet.</param>
/// <param name="Checked">Registered with the engine (its pool has a monitor).</param>
/// <param name="Last">The newest check, or the one saved before a restart until the engine has its own; null for none.</param>
/// <param name="LastCheckedAt">When the newest known check ran (for an unchecked member, the one saved before it stopped).</param>
/// <param name="Reason">Why the member is in its state, in words (<see cref="HealthReasons"/>); null when nothing to explain.</param>
/// <param name="ConsecutivePasses">Checks in a row that passed.</param>
/// <param name="ConsecutiveFailures">Checks in a row that failed.</param>
/// <param name="Target">What is checked: <c>address:port</c> (<c>[v6]:port</c>), the monitor port when it differs.</param>
internal sealed record MemberLiveHealth(
    Member Member,
    ServerGroup? Pool,
    HealthState State,
    DateTimeOffset Since,
    bool Flapping,
    bool Restored,
    bool Checked,
    ProbeResult? Last,
    DateTimeOffset? LastCheckedAt,
    string? Reason,
    int ConsecutivePasses,
    int ConsecutiveFailures,
    string Target)
{
    /// <summary>The reason code of <see cref="Last"/> when it failed; null when it passed or there is none.</summary>
    public ReasonCode? Failure => FailureOf(Last);

    /// <summary>The failure reason of a result; null when it passed or there is none.</summary>
    private static ReasonCode? FailureOf(ProbeResult? result) =>
        result is { IsSuccess: false } failed && failed.Reason != ReasonCode.None ? failed.Reason : null;

    /// <summary><c>address:port</c>, with brackets around an IPv6 address.</summary>
    public static string Endpoint(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
