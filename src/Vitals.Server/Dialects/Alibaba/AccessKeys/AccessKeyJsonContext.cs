using System.Text.Json.Serialization;

namespace Vitals.Server.Dialects.Alibaba.AccessKeys;

/// <summary>Source-generated JSON of the AccessKey endpoints (snake_case; unknown request fields are refused).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateAccessKeyRequest))]
[JsonSerializable(typeof(CreatedAccessKeyDto))]
[JsonSerializable(typeof(AccessKeyDto))]
[JsonSerializable(typeof(AccessKeyListDto))]
internal sealed partial class AccessKeyJsonContext : JsonSerializerContext;
