using System.Diagnostics.CodeAnalysis;
using Vitals.Core.Validation;

namespace Vitals.Control.Fleet;

/// <summary>The value of a fleet call, or why there is none (field errors, a missing resource, a conflict).</summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types",
    Justification = "FleetResult<Member>.Conflict(...) reads better at call sites, as StoreResult<T> does.")]
public sealed class FleetResult<T>
{
    private FleetResult(FleetOutcome outcome, T? value, IReadOnlyList<FieldError> errors, string? field, string? message)
    {
        Outcome = outcome;
        Value = value;
        Errors = errors;
        Field = field;
        Message = message;
    }

    public FleetOutcome Outcome { get; }

    /// <summary>The stored (or read) value when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>Every field error when <see cref="Outcome"/> is <see cref="FleetOutcome.Invalid"/>.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>The field at fault for a conflict or a missing reference; null when the resource itself is missing.</summary>
    public string? Field { get; }

    /// <summary>A sentence for people.</summary>
    public string? Message { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Outcome is FleetOutcome.Ok or FleetOutcome.Created;

    public static FleetResult<T> Ok(T value) => new(FleetOutcome.Ok, value, [], null, null);

    public static FleetResult<T> Created(T value) => new(FleetOutcome.Created, value, [], null, null);

    public static FleetResult<T> Invalid(IReadOnlyList<FieldError> errors) => new(FleetOutcome.Invalid, default, errors, null, null);

    public static FleetResult<T> Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static FleetResult<T> NotFound(string? field, string message) => new(FleetOutcome.NotFound, default, [], field, message);

    public static FleetResult<T> Conflict(string? field, string message) => new(FleetOutcome.Conflict, default, [], field, message);

    /// <summary>The same failure carrying another value type (a failed step of a larger call).</summary>
    public FleetResult<TOther> As<TOther>() => IsSuccess
        ? throw new InvalidOperationException("only a failure can change its value type")
        : new FleetResult<TOther>(Outcome, default, Errors, Field, Message);

    public override string ToString() => Outcome switch
    {
        FleetOutcome.Ok or FleetOutcome.Created => $"{Outcome}({Value})",
        FleetOutcome.Invalid => $"Invalid({string.Join("; ", Errors)})",
        _ => $"{Outcome}({Field}: {Message})",
    };
}
