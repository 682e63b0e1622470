using System.Text.Json.Serialization;

namespace Vitals.Server.Dialects.Ovh.Credentials;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OvhIssuedCredentialDto))]
[JsonSerializable(typeof(OvhCredentialDto))]
[JsonSerializable(typeof(OvhCredentialListDto))]
internal sealed partial class OvhCredentialJsonContext : JsonSerializerContext;
