using System.Data.Common;

namespace Vitals.Storage.Postgres;

/// <summary>
/// Conversions between stored values and model values. Instants are timestamptz cut to the millisecond before they
/// are written (PostgreSQL keeps microseconds), so they read back exactly as the SQLite store's unix milliseconds do.
/// </summary>
internal static class PostgresValues
{
    /// <summary>The instant as it will read back: cut to the millisecond, in UTC (Npgsql writes timestamptz only at offset 0).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset instant) => DateTimeOffset.FromUnixTimeMilliseconds(instant.ToUnixTimeMilliseconds());

    public static DateTimeOffset? Truncate(DateTimeOffset? instant) => instant is { } value ? Truncate(value) : null;

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static int Int(this DbDataReader reader, int ordinal) => reader.GetInt32(ordinal);

    public static bool Bool(this DbDataReader reader, int ordinal) => reader.GetBoolean(ordinal);

    public static DateTimeOffset Instant(this DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? NullableInstant(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static T Enum<T>(this DbDataReader reader, int ordinal)
        where T : struct, System.Enum => System.Enum.Parse<T>(reader.GetString(ordinal));
}
