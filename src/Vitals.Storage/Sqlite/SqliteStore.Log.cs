using Microsoft.Extensions.Logging;

namespace Vitals.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, EventName = "StoreOpened", Level = LogLevel.Information, Message = "Opened the SQLite store {Path}")]
        public static partial void Opened(ILogger logger, string path);

        [LoggerMessage(EventId = 3001, EventName = "MigrationApplied", Level = LogLevel.Information,
            Message = "Applied schema migration {Version} to {Path}")]
        public static partial void MigrationApplied(ILogger logger, int version, string path);
    }
}
