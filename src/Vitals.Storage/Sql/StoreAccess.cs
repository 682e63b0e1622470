namespace Vitals.Storage.Sql;

/// <summary>What a unit of work does with its connection, so that each store begins the transaction that suits it.</summary>
internal enum StoreAccess
{
    /// <summary>One read statement.</summary>
    Read,

    /// <summary>Several read statements that must see one consistent state.</summary>
    Snapshot,

    /// <summary>A write: one transaction, committed only when the work succeeds.</summary>
    Write,
}
