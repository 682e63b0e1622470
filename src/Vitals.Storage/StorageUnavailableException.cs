namespace Vitals.Storage;

/// <summary>
/// The store could not do its work because of the storage (disk full, read-only, locked, unreachable), not because of
/// the request: retryable once the operator fixes the storage. Nothing of the failed write is kept (each write is one
/// transaction). <see cref="Exception.InnerException"/> is the database's own error; <see cref="Cause"/> names it.
/// The HTTP surfaces answer it with 503 and <c>Retry-After</c> in each dialect's own error shape.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : this(StorageFailure.Unreachable, "unknown", "storage unavailable", null)
    {
    }

    public StorageUnavailableException(string message)
        : this(StorageFailure.Unreachable, "unknown", message, null)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : this(StorageFailure.Unreachable, "unknown", message, innerException)
    {
    }

    /// <param name="reason">What kind of storage failure.</param>
    /// <param name="cause">The database's name for it, e.g. <c>SQLITE_FULL</c> or <c>53100 disk_full</c>.</param>
    /// <param name="message">A sentence for operators: what failed, where, and the database's words.</param>
    /// <param name="innerException">The database's own error.</param>
    public StorageUnavailableException(StorageFailure reason, string cause, string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
        Cause = cause;
    }

    /// <summary>What kind of storage failure.</summary>
    public StorageFailure Reason { get; }

    /// <summary>The database's name for the failure, e.g. <c>SQLITE_FULL</c>, <c>SQLITE_BUSY</c>, <c>53100 disk_full</c>.</summary>
    public string Cause { get; }

    /// <summary>Seconds a client should wait before retrying: short for a lock, longer for what an operator must fix.</summary>
    public int RetryAfterSeconds => Reason == StorageFailure.Busy ? 1 : 30;

    /// <summary>The reason in words a client can read ("the disk is full"), without paths or internals.</summary>
    public string Describe() => Reason switch
    {
        StorageFailure.DiskFull => "the disk is full",
        StorageFailure.ReadOnly => "the storage is read-only",
        StorageFailure.Busy => "the storage is locked by another writer",
        StorageFailure.IoError => "the storage failed to read or write",
        _ => "the storage cannot be reached",
    };
}
