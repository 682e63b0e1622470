namespace Vitals.Storage;

/// <summary>What <see cref="IChangeFeed.ReadAfterAsync"/> found.</summary>
/// <param name="Changes">The changes after the position asked for, in commit order.</param>
/// <param name="Missed">
/// True when changes after that position were already pruned: the reader has lost some and must reload the fleet.
/// </param>
public sealed record ChangeBatch(IReadOnlyList<StoreChange> Changes, bool Missed);
