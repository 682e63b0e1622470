using System.Collections.Frozen;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>The optional body of a webhook secret rotation.</summary>
public sealed record RotateWebhookSecretInput : FleetInput, IFleetInput
{
    /// <summary>Default for <see cref="PreviousSecretExpiresIn"/>: a day.</summary>
    public const int DefaultExpiresIn = 86_400;

    /// <summary>Most for <see cref="PreviousSecretExpiresIn"/>: a week.</summary>
    public const int MaxExpiresIn = 604_800;

    /// <summary>Seconds the previous secret still signs (beside the new one), 0 to <see cref="MaxExpiresIn"/>.</summary>
    public int? PreviousSecretExpiresIn { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet<string>.Empty;

    public static string Kind => "secret rotation";
}
