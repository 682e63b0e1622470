using System.Data.Common;

namespace Vitals.Storage.Sql;

/// <summary>
/// The current row of a reader, read by ordinal into model values. Integers and booleans read the same on both engines
/// (Microsoft.Data.Sqlite narrows its 64-bit integers, checked); instants go through the dialect; enums are their names.
/// </summary>
internal readonly struct StoreRow(DbDataReader reader, SqlDialect dialect)
{
    public bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public string GetString(int ordinal) => reader.GetString(ordinal);

    public string? NullableString(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public int Int(int ordinal) => reader.GetInt32(ordinal);

    public int? NullableInt(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public bool Bool(int ordinal) => reader.GetBoolean(ordinal);

    public DateTimeOffset Instant(int ordinal) => dialect.ReadInstant(reader, ordinal);

    public DateTimeOffset? NullableInstant(int ordinal) => reader.IsDBNull(ordinal) ? null : dialect.ReadInstant(reader, ordinal);

    public T Enum<T>(int ordinal)
        where T : struct, System.Enum => System.Enum.Parse<T>(reader.GetString(ordinal));
}
