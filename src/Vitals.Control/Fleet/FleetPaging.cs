namespace Vitals.Control.Fleet;

/// <summary>Which page to list: at most <paramref name="Limit"/> resources after the one whose id is <paramref name="Marker"/>.</summary>
/// <param name="Limit">Page size; the surface checks its own range (the native API: 1-1000).</param>
/// <param name="Marker">The id of the last resource of the previous page, or null for the first page.</param>
public readonly record struct FleetPaging(int Limit, string? Marker);
