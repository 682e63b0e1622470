using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Engine;

/// <summary>A member's health at one instant.</summary>
/// <param name="MemberId">The member.</param>
/// <param name="Target">The endpoint checked, <c>ip:port</c> (<c>[ip]:port</c> for IPv6).</param>
/// <param name="State">The reported state (overlays applied).</param>
/// <param name="Since">When <paramref name="State"/> began.</param>
/// <param name="IsFlapping">The member changed state too often lately.</param>
/// <param name="IsRestored">The state is remembered from before a restart and no check has confirmed it yet.</param>
/// <param name="LastResult">The newest check result, if any.</param>
/// <param name="ConsecutivePasses">The current run of passes.</param>
/// <param name="ConsecutiveFailures">The current run of failures.</param>
public sealed record MemberSnapshot(
    string MemberId,
    string Target,
    HealthState State,
    DateTimeOffset Since,
    bool IsFlapping,
    bool IsRestored,
    ProbeResult? LastResult,
    int ConsecutivePasses,
    int ConsecutiveFailures);
