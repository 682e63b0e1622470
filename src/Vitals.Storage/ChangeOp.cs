namespace Vitals.Storage;

/// <summary>What a change did to its resource (stored as the member name).</summary>
public enum ChangeOp
{
    /// <summary>Created or updated: the stored record is the truth, read it by id.</summary>
    Upsert,

    /// <summary>Deleted: the record is gone.</summary>
    Delete,
}
