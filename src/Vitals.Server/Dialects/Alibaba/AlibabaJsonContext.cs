using System.Text.Json.Serialization;
using Vitals.Server.Dialects.Alibaba.Ecs;
using Vitals.Server.Dialects.Alibaba.Nlb;
using Vitals.Server.Dialects.Alibaba.Rpc;

namespace Vitals.Server.Dialects.Alibaba;

/// <summary>
/// Source-generated JSON of the Alibaba answers. No naming policy: the C# property names are Alibaba's PascalCase keys
/// exactly. Absent optional objects (an NLB <c>Reason</c>) are left out rather than written as null.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlibabaErrorBody))]
[JsonSerializable(typeof(GetListenerHealthStatusResponse))]
[JsonSerializable(typeof(DescribeInstancesFullStatusResponse))]
[JsonSerializable(typeof(DescribeInstancesResponse))]
internal sealed partial class AlibabaJsonContext : JsonSerializerContext;
