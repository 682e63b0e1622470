using System.Data.Common;

namespace Vitals.Storage.Sqlite;

/// <summary>Conversions between stored values and model values (instants as unix milliseconds, enums as names).</summary>
internal static class SqliteValues
{
    public static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>The instant as it will read back: cut to the millisecond, in UTC.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) => FromMs(ToMs(instant));

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : checked((int)reader.GetInt64(ordinal));

    public static long? NullableLong(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int Int(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    public static bool Bool(this DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    public static DateTimeOffset Instant(this DbDataReader reader, int ordinal) => FromMs(reader.GetInt64(ordinal));

    public static DateTimeOffset? NullableInstant(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));

    public static T Enum<T>(this DbDataReader reader, int ordinal)
        where T : struct, System.Enum => System.Enum.Parse<T>(reader.GetString(ordinal));
}
