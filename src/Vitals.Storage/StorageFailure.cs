namespace Vitals.Storage;

/// <summary>Why the store could not do its work, when the cause is the storage itself rather than the request.</summary>
public enum StorageFailure
{
    /// <summary>The disk (or the database's quota) is full: SQLITE_FULL, PostgreSQL 53100.</summary>
    DiskFull,

    /// <summary>
    /// The database cannot be written: SQLITE_READONLY (a read-only file system, a file without write permission),
    /// PostgreSQL 25006 (a read-only transaction, a standby).
    /// </summary>
    ReadOnly,

    /// <summary>Another writer held the lock past the busy timeout: SQLITE_BUSY, SQLITE_LOCKED, PostgreSQL 55P03.</summary>
    Busy,

    /// <summary>The storage failed to read or write: SQLITE_IOERR (often a full or vanished disk).</summary>
    IoError,

    /// <summary>The database cannot be reached or opened: SQLITE_CANTOPEN, a lost PostgreSQL connection, 57P0x, 08xxx.</summary>
    Unreachable,
}
