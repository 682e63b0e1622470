namespace Vitals.Storage;

/// <summary>
/// One committed change to a resource, as the change feed carries it between nodes: which resource and what happened,
/// never the record itself (a follower reads the current record by id).
/// </summary>
/// <param name="Seq">Its position in the feed: changes commit in <paramref name="Seq"/> order.</param>
/// <param name="Kind">The kind of resource.</param>
/// <param name="Op">Upserted or deleted.</param>
/// <param name="ProjectId">The resource's project.</param>
/// <param name="Id">The resource's id.</param>
/// <param name="Origin">The id of the node whose store wrote it.</param>
/// <param name="At">When it was committed (the store's clock).</param>
public sealed record StoreChange(long Seq, ChangeKind Kind, ChangeOp Op, string ProjectId, string Id, string Origin, DateTimeOffset At);
