namespace Vitals.Storage;

/// <summary>One schema step (SQLite or PostgreSQL): its version (the number its file name starts with), name and SQL.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
