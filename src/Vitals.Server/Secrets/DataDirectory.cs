using Vitals.Storage.Secrets;

namespace Vitals.Server.Secrets;

/// <summary>
/// The data directory (database, secrets key, generated TLS key): the owner's only. It is created 0700; one found with
/// wider modes, or with files others may read, is narrowed at start and the change logged once.
/// </summary>
internal static partial class DataDirectory
{
    /// <summary>The file name of the secrets key when <see cref="VitalsServerOptions.SecretsKeyFile"/> is not set.</summary>
    public const string SecretsKeyFile = "secrets.key";

    /// <summary>Creates the directory 0700 or narrows the existing one and what it holds; returns the paths narrowed and those it could not narrow.</summary>
    public static (IReadOnlyList<string> Changed, IReadOnlyList<string> Failed) Prepare(string path)
    {
        OwnerOnlyFiles.CreateDirectory(path);
        return OwnerOnlyFiles.Tighten(path);
    }

    /// <summary>The secrets key file the options name: the given one, else <c>&lt;data dir&gt;/secrets.key</c>.</summary>
    public static string SecretsKeyPath(VitalsServerOptions options) =>
        options.SecretsKeyFile is { Length: > 0 } file ? file : Path.Combine(options.DataDir, SecretsKeyFile);

    /// <summary>What preparing the data directory and the secrets did, logged once the host has a logger.</summary>
    public static void LogStart(ILogger logger, string dataDir, (IReadOnlyList<string> Changed, IReadOnlyList<string> Failed) narrowed,
        SecretsKey key, int migrated)
    {
        if (narrowed.Changed.Count > 0)
        {
            Log.Narrowed(logger, narrowed.Changed.Count, Path.GetFullPath(dataDir), string.Join(", ", narrowed.Changed));
        }

        if (narrowed.Failed.Count > 0)
        {
            Log.NotNarrowed(logger, narrowed.Failed.Count, Path.GetFullPath(dataDir), string.Join(", ", narrowed.Failed));
        }

        if (key.Created)
        {
            Log.KeyCreated(logger, key.Path, key.Id);
        }

        if (migrated > 0)
        {
            Log.Migrated(logger, migrated, key.Id);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4700, EventName = "DataDirectoryNarrowed", Level = LogLevel.Warning,
            Message = "{Count} paths in the data directory {DataDir} were open to other users; now the owner's only (directories 0700, files 0600): {Paths}")]
        public static partial void Narrowed(ILogger logger, int count, string dataDir, string paths);

        [LoggerMessage(EventId = 4701, EventName = "SecretsKeyCreated", Level = LogLevel.Information,
            Message = "created the secrets key {Path} (key {KeyId}): keep a copy apart from the database; nodes sharing a store need the same file")]
        public static partial void KeyCreated(ILogger logger, string path, string keyId);

        [LoggerMessage(EventId = 4702, EventName = "SecretsMigrated", Level = LogLevel.Information,
            Message = "encrypted {Count} dialect secrets an earlier version stored in clear (key {KeyId})")]
        public static partial void Migrated(ILogger logger, int count, string keyId);

        [LoggerMessage(EventId = 4703, EventName = "DataDirectoryNotNarrowed", Level = LogLevel.Warning,
            Message = "{Count} paths in the data directory {DataDir} are open to other users and could not be narrowed: {Paths}")]
        public static partial void NotNarrowed(ILogger logger, int count, string dataDir, string paths);
    }
}
