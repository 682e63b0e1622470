using System.Text.Json.Serialization;

namespace Vitals.Server.Traffic;

/// <summary>Source-generated JSON of the rotation answers (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RotationDto))]
internal sealed partial class RotationJsonContext : JsonSerializerContext;
