namespace Vitals.Core.Notifications;

/// <summary>What a notification is about. The wire names (<see cref="NotificationKinds.ToWire"/>) are a public contract.</summary>
public enum NotificationKind : byte
{
    /// <summary><c>member.transition</c>: one member changed state.</summary>
    MemberTransition,

    /// <summary><c>member.flapping_started</c>: a member began to flap; its transitions are held back until it settles.</summary>
    FlappingStarted,

    /// <summary><c>member.flapping_stopped</c>: a flapping member settled, with a summary of the flips held back.</summary>
    FlappingStopped,

    /// <summary><c>pool.panic_started</c>: a pool fell below its <c>min_healthy_percent</c> and keeps failing members.</summary>
    PanicStarted,

    /// <summary><c>pool.panic_ended</c>: the pool is back to normal.</summary>
    PanicEnded,

    /// <summary><c>pool.grouped</c>: the further changes of one pool within a grouping window, as one event.</summary>
    PoolGrouped,

    /// <summary><c>test</c>: sent on request to check a receiver.</summary>
    Test,
}
