using System.Collections.Frozen;
using Vitals.Core.Resources;

namespace Vitals.Control.Fleet;

/// <summary>An Alertmanager of a project as sent; every field can change.</summary>
public sealed record AlertmanagerInput : FleetInput, IFleetInput
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Alertmanager's base URL (<c>/api/v2/alerts</c> is added to it).</summary>
    public string? Url { get; init; }

    public bool? AdminStateUp { get; init; }

    public static FrozenSet<string> NullableFields { get; } = FrozenSet<string>.Empty;

    public static string Kind => "Alertmanager";
}
