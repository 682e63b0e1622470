namespace Vitals.Core.Traffic;

/// <summary>
/// What a load balancer should do with a member: the verdict of Vitals turned into the few states every load balancer
/// has (HAProxy's operational and administrative states, nginx's <c>down</c>).
/// </summary>
public enum RotationState : byte
{
    /// <summary>No verdict (not checked yet, or refused by the target policy): leave the load balancer's state as it is.</summary>
    Unknown,

    /// <summary>Takes traffic: Healthy, checks switched off (as the cloud load balancers do), or kept in a pool's panic.</summary>
    Ready,

    /// <summary>Out of rotation because its checks fail.</summary>
    Down,

    /// <summary>Weight 0: no new traffic, existing connections finish.</summary>
    Drain,

    /// <summary>The member or its pool is switched off: no traffic at all.</summary>
    Maint,
}
