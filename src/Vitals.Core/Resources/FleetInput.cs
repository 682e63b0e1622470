using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace Vitals.Core.Resources;

/// <summary>
/// What a caller sent for one resource: every field optional, named as on the wire. On update only the fields in
/// <see cref="Fields"/> change, so a field sent as null (e.g. <c>instance_id</c>) differs from one left out.
/// </summary>
public abstract record FleetInput
{
    /// <summary>The wire names of the fields the caller sent (the surface that parsed the body fills it in).</summary>
    [JsonIgnore]
    public IReadOnlySet<string> Fields { get; init; } = FrozenSet<string>.Empty;

    public bool Has(string field) => Fields.Contains(field);
}
