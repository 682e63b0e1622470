using Microsoft.Extensions.Logging;

namespace Vitals.Storage.Postgres;

public sealed partial class PostgresStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, EventName = "PostgresStoreOpened", Level = LogLevel.Information,
            Message = "Opened the PostgreSQL store {Database}")]
        public static partial void Opened(ILogger logger, string database);

        [LoggerMessage(EventId = 3101, EventName = "PostgresMigrationApplied", Level = LogLevel.Information,
            Message = "Applied PostgreSQL schema migration {Version} to {Database}")]
        public static partial void MigrationApplied(ILogger logger, int version, string database);
    }
}
