using System.Diagnostics.CodeAnalysis;

namespace Vitals.Storage;

/// <summary>
/// The result of a store call: <see cref="StoreOutcome.Ok"/> with a value, or <see cref="StoreOutcome.NotFound"/> /
/// <see cref="StoreOutcome.Conflict"/> naming the field at fault (snake_case, as the APIs spell it) and why.
/// </summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types",
    Justification = "StoreResult<Member>.NotFound() reads better at call sites than a generic method needing the same type argument.")]
public sealed class StoreResult<T>
{
    private StoreResult(StoreOutcome outcome, T? value, string? field, string? message)
    {
        Outcome = outcome;
        Value = value;
        Field = field;
        Message = message;
    }

    public StoreOutcome Outcome { get; }

    /// <summary>The stored value when <see cref="Outcome"/> is <see cref="StoreOutcome.Ok"/>.</summary>
    public T? Value { get; }

    /// <summary>
    /// The field at fault: for a conflict the unique field (e.g. <c>name</c>, <c>protocol_port</c>); for a missing
    /// reference its field (e.g. <c>pool_id</c>); null when the resource itself was not found.
    /// </summary>
    public string? Field { get; }

    /// <summary>A sentence for people, e.g. "a member with address 10.0.0.1 and port 80 already exists in this pool".</summary>
    public string? Message { get; }

    public bool IsOk => Outcome == StoreOutcome.Ok;

    public static StoreResult<T> Ok(T value) => new(StoreOutcome.Ok, value, null, null);

    public static StoreResult<T> NotFound(string? field = null, string? message = null) =>
        new(StoreOutcome.NotFound, default, field, message);

    public static StoreResult<T> Conflict(string field, string message) => new(StoreOutcome.Conflict, default, field, message);

    public override string ToString() => Outcome switch
    {
        StoreOutcome.Ok => $"Ok({Value})",
        _ => $"{Outcome}({Field}: {Message})",
    };
}
