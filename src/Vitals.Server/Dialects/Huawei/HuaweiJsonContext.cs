using System.Text.Json.Serialization;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>Huawei's JSON: snake_case keys, nulls written (the seed shows <c>"monitor_port": null</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(HuaweiErrorDto))]
[JsonSerializable(typeof(HuaweiHealthMonitorListDto))]
[JsonSerializable(typeof(HuaweiHealthMonitorOneDto))]
[JsonSerializable(typeof(HuaweiPoolListDto))]
[JsonSerializable(typeof(HuaweiPoolOneDto))]
[JsonSerializable(typeof(HuaweiMemberListDto))]
[JsonSerializable(typeof(HuaweiMemberOneDto))]
internal sealed partial class HuaweiJsonContext : JsonSerializerContext;
