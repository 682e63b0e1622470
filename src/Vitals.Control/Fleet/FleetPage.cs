namespace Vitals.Control.Fleet;

/// <summary>One page of a list.</summary>
/// <param name="Items">The resources, oldest first.</param>
/// <param name="NextMarker">The id to pass as the marker of the next page; null on the last page.</param>
/// <param name="TotalCount">Resources matching the filter over all pages.</param>
public sealed record FleetPage<T>(IReadOnlyList<T> Items, string? NextMarker, int TotalCount);
