using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Server.Metrics;

/// <summary>One member as a scrape read it: where its label block is, its reported state and its newest check.</summary>
internal struct MemberRow
{
    public int LabelStart;

    /// <summary>The identity labels (project, pool, member) every member series carries: a prefix of the block.</summary>
    public int IdentityLength;

    /// <summary>The whole block: identity, then what <c>vitals_member_info</c> adds (loadbalancer, name, address, port).</summary>
    public int LabelLength;
    public HealthState State;
    public bool Flapping;
    public double SinceSeconds;

    /// <summary>The member is checked and a check result exists (from the engine, or saved before a restart).</summary>
    public bool HasCheck;
    public bool LastSuccess;
    public double LastDurationSeconds;
    public double LastTimestampSeconds;
    public ReasonCode LastReason;
    public CheckCode LastCheckCode;
}
