using System.Text.Json.Serialization;

namespace Vitals.Server.Dialects.Huawei.Credentials;

/// <summary>Source-generated JSON of the Huawei credential endpoints (snake_case; unknown request fields are refused).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateHuaweiCredentialRequest))]
[JsonSerializable(typeof(CreatedHuaweiCredentialDto))]
[JsonSerializable(typeof(HuaweiCredentialDto))]
[JsonSerializable(typeof(HuaweiCredentialListDto))]
internal sealed partial class HuaweiCredentialJsonContext : JsonSerializerContext;
