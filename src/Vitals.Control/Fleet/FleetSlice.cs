namespace Vitals.Control.Fleet;

/// <summary>
/// Which slice of a filtered list to read, as the cloud dialects page: at most <paramref name="Limit"/> resources after the
/// one whose id is <paramref name="Marker"/> or, with <paramref name="Reverse"/>, just before it; oldest first either way.
/// </summary>
/// <param name="Limit">Slice size; the surface checks its own range (the store returns at most <c>PageRequest.MaxLimit</c>).</param>
/// <param name="Marker">
/// The id of a resource of the list, or null: from the first resource (reverse: up to the last). Any other id is an
/// invalid <c>marker</c>.
/// </param>
/// <param name="Reverse">The resources just before the marker rather than after it.</param>
public readonly record struct FleetSlice(int Limit, string? Marker, bool Reverse)
{
    /// <summary>
    /// The marker is checked but not used: the slice starts at the first resource. Huawei lists do this when no limit
    /// is sent (a marker "cannot be blank or an invalid ID", yet moves nothing).
    /// </summary>
    public bool MarkerCheckedOnly { get; init; }
}
