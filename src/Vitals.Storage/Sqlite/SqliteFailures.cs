using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Vitals.Storage.Sqlite;

/// <summary>
/// Maps SQLite's result codes for a failing storage (https://sqlite.org/rescode.html) to a <see cref="StorageFailure"/>
/// and the code's name, which is what an operator searches for.
/// </summary>
internal static class SqliteFailures
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    public static bool TryMap(Exception exception, out StorageFailure reason, [NotNullWhen(true)] out string? cause)
    {
        (reason, cause) = exception is SqliteException sqlite
            ? sqlite.SqliteErrorCode switch
            {
                Full => (StorageFailure.DiskFull, "SQLITE_FULL"),
                ReadOnly => (StorageFailure.ReadOnly, "SQLITE_READONLY"),
                Busy => (StorageFailure.Busy, "SQLITE_BUSY"),
                Locked => (StorageFailure.Busy, "SQLITE_LOCKED"),
                IoErr => (StorageFailure.IoError, $"SQLITE_IOERR (extended code {sqlite.SqliteExtendedErrorCode})"),
                CantOpen => (StorageFailure.Unreachable, "SQLITE_CANTOPEN"),
                _ => (default, null),
            }
            : (default, null);
        return cause is not null;
    }
}
