using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Vitals.Storage.Sql;

/// <summary>
/// What differs between the SQL the two stores speak, and nothing else: how an instant is written and read back, the
/// few operators and casts the engines spell differently, how a refused write is recognised, and how a health burst is
/// written (the one statement shaped differently for speed). <see cref="SqlStore"/> holds every rule of the store
/// once and asks its dialect for these.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Equality that also holds between two NULLs (<c>IS</c> in SQLite, <c>IS NOT DISTINCT FROM</c> in PostgreSQL).</summary>
    public abstract string NullSafeEquals { get; }

    /// <summary>What follows a parameter holding JSON text so that it lands in a JSON column (empty where JSON is text).</summary>
    public abstract string JsonCast { get; }

    /// <summary>The value an instant column is written as; <paramref name="instant"/> is already cut to the millisecond.</summary>
    public abstract object Instant(DateTimeOffset instant);

    /// <summary>Reads back what <see cref="Instant(DateTimeOffset)"/> wrote.</summary>
    public abstract DateTimeOffset ReadInstant(DbDataReader reader, int ordinal);

    /// <summary>The condition "<paramref name="column"/> is one of the list in <paramref name="parameter"/>" (a string array).</summary>
    public abstract string In(string column, string parameter);

    /// <summary>
    /// Maps a constraint a write ran into (a unique index: Conflict on the unique field; a reference that vanished
    /// meanwhile: NotFound on the reference's field) to the result the store gives; false for anything else.
    /// </summary>
    public abstract bool TryMapRefusal(DbException exception, [NotNullWhen(true)] out (StoreOutcome Outcome, string Field, string Message)? refused);

    /// <summary>
    /// Whether <paramref name="exception"/> is a failure of the storage itself (disk full, read-only, a lock held past
    /// the timeout, a lost connection) rather than of the request, with the database's name for it; false otherwise.
    /// </summary>
    public abstract bool TryMapUnavailable(Exception exception, out StorageFailure reason, [NotNullWhen(true)] out string? cause);

    /// <summary>A delete a foreign key refused (a reference another writer added meanwhile): the "in use" sentence; false otherwise.</summary>
    public abstract bool TryMapInUse(DbException exception, [NotNullWhen(true)] out string? message);

    /// <summary>
    /// Writes a burst of states and transitions inside <paramref name="db"/>'s transaction, skipping members that no
    /// longer exist; returns how many of each were written. Neither list is empty both at once.
    /// </summary>
    public abstract Task<(int States, int Transitions)> SaveHealthAsync(
        StoreDb db, IReadOnlyList<MemberHealth> states, IReadOnlyList<MemberTransition> transitions);
}
