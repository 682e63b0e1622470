using Vitals.Core.Traffic;

namespace Vitals.Core.Notifications;

/// <summary>
/// One notification, ready to be written (<see cref="NotificationJsonWriter"/>) and sent: what happened, to what, and
/// when. Made through the factories, which derive the stable <see cref="Id"/> (<see cref="NotificationIds"/>).
/// </summary>
/// <param name="Id">Stable: the same fact gives the same id (de-duplication key for receivers).</param>
/// <param name="Kind">What it is about.</param>
/// <param name="At">When it happened (a transition's instant; a grouping window's end; a flap's start or stop).</param>
/// <param name="ProjectId">The project.</param>
/// <param name="ProjectName">Its name.</param>
/// <param name="Pool">The pool it is about; null for a test event.</param>
/// <param name="Member">The member it is about; null for pool and test events.</param>
/// <param name="Change">The transition of a <see cref="NotificationKind.MemberTransition"/>.</param>
/// <param name="Flap">The flapping of the two flapping kinds.</param>
/// <param name="Group">The members of a <see cref="NotificationKind.PoolGrouped"/>.</param>
/// <param name="Panic">The panic of a <see cref="NotificationKind.PanicStarted"/>.</param>
/// <param name="Detail">Words for people: why the member changed, the panic's reason, a test's message.</param>
public sealed record NotificationEvent(
    string Id,
    NotificationKind Kind,
    DateTimeOffset At,
    string ProjectId,
    string ProjectName,
    PoolRef? Pool,
    MemberRef? Member,
    MemberChange? Change,
    FlapSummary? Flap,
    GroupSummary? Group,
    PanicInfo? Panic,
    string? Detail)
{
    public static NotificationEvent Transition(MemberChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var member = change.Member;
        return new NotificationEvent(
            NotificationIds.Derive(NotificationKind.MemberTransition, member.Pool.ProjectId, member.MemberId, change.At),
            NotificationKind.MemberTransition, change.At, member.Pool.ProjectId, member.Pool.ProjectName, member.Pool, member,
            change, null, null, null, change.Detail);
    }

    public static NotificationEvent FlappingStarted(MemberRef member, FlapSummary flap)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new NotificationEvent(
            NotificationIds.Derive(NotificationKind.FlappingStarted, member.Pool.ProjectId, member.MemberId, flap.FirstAt),
            NotificationKind.FlappingStarted, flap.FirstAt, member.Pool.ProjectId, member.Pool.ProjectName, member.Pool, member,
            null, flap, null, null, null);
    }

    /// <param name="member">The member.</param>
    /// <param name="flap">The summary of its flapping.</param>
    /// <param name="at">When the flapping mark cleared.</param>
    public static NotificationEvent FlappingStopped(MemberRef member, FlapSummary flap, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new NotificationEvent(
            NotificationIds.Derive(NotificationKind.FlappingStopped, member.Pool.ProjectId, member.MemberId, at),
            NotificationKind.FlappingStopped, at, member.Pool.ProjectId, member.Pool.ProjectName, member.Pool, member,
            null, flap, null, null, null);
    }

    public static NotificationEvent Grouped(PoolRef pool, GroupSummary group)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(group);
        return new NotificationEvent(
            NotificationIds.Derive(NotificationKind.PoolGrouped, pool.ProjectId, pool.PoolId, group.WindowStart),
            NotificationKind.PoolGrouped, group.WindowEnd, pool.ProjectId, pool.ProjectName, pool, null,
            null, null, group, null, null);
    }

    /// <summary>A pool entered panic (or changed the members it keeps: the caller decides whether to send that).</summary>
    public static NotificationEvent PanicStarted(PoolRef pool, PoolPanic panic, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(panic);
        var info = new PanicInfo(panic.MinHealthyPercent, panic.Eligible, panic.Healthy, panic.Required, panic.Kept);
        return new NotificationEvent(
            NotificationIds.Derive(NotificationKind.PanicStarted, pool.ProjectId, pool.PoolId, at),
            NotificationKind.PanicStarted, at, pool.ProjectId, pool.ProjectName, pool, null,
            null, null, null, info, panic.Reason);
    }

    public static NotificationEvent PanicEnded(PoolRef pool, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new NotificationEvent(
            NotificationIds.Derive(NotificationKind.PanicEnded, pool.ProjectId, pool.PoolId, at),
            NotificationKind.PanicEnded, at, pool.ProjectId, pool.ProjectName, pool, null,
            null, null, null, null, "The pool is back above its min_healthy_percent: every member follows its own verdict again.");
    }

    /// <param name="projectId">The project.</param>
    /// <param name="projectName">Its name.</param>
    /// <param name="at">When it was asked for.</param>
    /// <param name="nonce">Makes the id unique per request (e.g. the webhook id and a counter, or random hex from the caller).</param>
    public static NotificationEvent Test(string projectId, string projectName, DateTimeOffset at, string nonce) => new(
        NotificationIds.Derive(NotificationKind.Test, projectId, nonce, at),
        NotificationKind.Test, at, projectId, projectName, null, null,
        null, null, null, null, "A test event from Vitals: if you can read this, the webhook works.");
}
