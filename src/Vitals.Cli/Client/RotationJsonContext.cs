using System.Text.Json.Serialization;

namespace Vitals.Cli.Client;

/// <summary>Source-generated reading of <c>/api/v1/rotation</c> (snake_case, as the API writes it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RotationView))]
internal sealed partial class RotationJsonContext : JsonSerializerContext;
