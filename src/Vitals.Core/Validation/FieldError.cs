namespace Vitals.Core.Validation;

/// <summary>
/// One problem with one field of user input. <see cref="Field"/> is the API field name (snake_case, as the
/// native API and the Huawei dialect spell it); <see cref="Message"/> is a sentence a person can act on.
/// These messages surface unchanged through every API, the CLI and the console.
/// </summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
