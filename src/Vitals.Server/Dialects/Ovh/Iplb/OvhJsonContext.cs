using System.Text.Json.Serialization;

namespace Vitals.Server.Dialects.Ovh.Iplb;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OvhClassErrorDto))]
[JsonSerializable(typeof(OvhAuthErrorDto))]
[JsonSerializable(typeof(OvhHttpServerDto))]
[JsonSerializable(typeof(OvhTcpServerDto))]
[JsonSerializable(typeof(OvhFarmDto))]
[JsonSerializable(typeof(OvhUdpServerDto))]
[JsonSerializable(typeof(OvhUdpFarmDto))]
[JsonSerializable(typeof(OvhInstanceStateDto[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(OvhServiceDto))]
[JsonSerializable(typeof(OvhTaskDto))]
[JsonSerializable(typeof(OvhStatusDto))]
[JsonSerializable(typeof(OvhAvailableProbeDto[]))]
internal sealed partial class OvhJsonContext : JsonSerializerContext;
