namespace Vitals.Storage.Sqlite;

/// <summary>One schema step: its version (the number its file name starts with), name and SQL.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
