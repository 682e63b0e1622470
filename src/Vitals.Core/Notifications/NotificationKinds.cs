using System.Diagnostics.CodeAnalysis;

namespace Vitals.Core.Notifications;

/// <summary>Wire names of <see cref="NotificationKind"/>, the values a webhook's event filter and a payload's <c>type</c> use.</summary>
public static class NotificationKinds
{
    public const string MemberTransition = "member.transition";
    public const string FlappingStarted = "member.flapping_started";
    public const string FlappingStopped = "member.flapping_stopped";
    public const string PanicStarted = "pool.panic_started";
    public const string PanicEnded = "pool.panic_ended";
    public const string PoolGrouped = "pool.grouped";
    public const string Test = "test";

    /// <summary>Every kind, in declaration order.</summary>
    public static IReadOnlyList<NotificationKind> All { get; } = Enum.GetValues<NotificationKind>();

    public static string ToWire(this NotificationKind kind) => kind switch
    {
        NotificationKind.MemberTransition => MemberTransition,
        NotificationKind.FlappingStarted => FlappingStarted,
        NotificationKind.FlappingStopped => FlappingStopped,
        NotificationKind.PanicStarted => PanicStarted,
        NotificationKind.PanicEnded => PanicEnded,
        NotificationKind.PoolGrouped => PoolGrouped,
        NotificationKind.Test => Test,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a wire name (exact, lower case); false for anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out NotificationKind? kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }

        kind = null;
        return false;
    }
}
