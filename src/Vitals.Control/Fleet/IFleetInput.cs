using System.Collections.Frozen;

namespace Vitals.Control.Fleet;

/// <summary>Static facts about an input type that body readers need before binding it.</summary>
public interface IFleetInput
{
    /// <summary>The fields that may be sent as JSON null (null clears them or means "the default").</summary>
    static abstract FrozenSet<string> NullableFields { get; }

    /// <summary>The kind of resource, as people say it ("member", "health monitor").</summary>
    static abstract string Kind { get; }
}
