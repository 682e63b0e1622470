namespace Vitals.Core.Validation;

/// <summary>Collects every error of an input, never stopping at the first one.</summary>
public sealed class FieldErrorList
{
    private List<FieldError>? _errors;

    public bool HasErrors => _errors is { Count: > 0 };

    public IReadOnlyList<FieldError> Errors => _errors is null ? [] : _errors;

    public void Add(string field, string message) => (_errors ??= []).Add(new FieldError(field, message));

    public void RequireRange(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"must be an integer from {min} to {max} (got {v})");
        }
    }
}
