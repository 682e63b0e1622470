using System.Text.Json;

namespace Vitals.Server.Input;

/// <summary>
/// Well-formed JSON holding text <see cref="StrictJson"/> refuses (a lone surrogate, a control character):
/// <see cref="Field"/> names where (<c>pool.name</c>, <c>[2]</c>), or is null for the body itself.
/// </summary>
#pragma warning disable CA1032 // only StrictJson makes these, always with a field and a reason
internal sealed class JsonTextException(string? field, string message) : JsonException(message, field is null ? "$" : "$." + field, null, null)
#pragma warning restore CA1032
{
    public string? Field { get; } = field;
}
