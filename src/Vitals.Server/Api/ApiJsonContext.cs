using System.Text.Json.Serialization;

namespace Vitals.Server.Api;

/// <summary>Source-generated JSON for the native API's own types (snake_case is set by the host's options).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateProjectRequest))]
[JsonSerializable(typeof(CreatedProjectDto))]
[JsonSerializable(typeof(ProjectListDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
