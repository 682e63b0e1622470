namespace Vitals.Storage;

/// <summary>A page of rows in numeric id order.</summary>
/// <param name="Items">The rows.</param>
/// <param name="NextAfter">The <see cref="PageRequest.After"/> of the next page; null when this is the last page.</param>
/// <param name="TotalCount">Rows matching the filter over all pages, when the request asked for it.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, long? NextAfter, int? TotalCount);
