using System.Text.Json.Serialization;

namespace Vitals.Server.Instances;

/// <summary>Source-generated JSON of the instance health answers (snake_case, like the rest of /api/v1).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(InstanceHealthDto))]
[JsonSerializable(typeof(InstanceHealthPageDto))]
internal sealed partial class InstanceHealthJsonContext : JsonSerializerContext;
