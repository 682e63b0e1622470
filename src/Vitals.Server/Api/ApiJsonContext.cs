using System.Text.Json.Serialization;
using Vitals.Control.Fleet;

namespace Vitals.Server.Api;

/// <summary>Source-generated JSON for the native API's own types (snake_case is set by the host's options).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreateProjectRequest))]
[JsonSerializable(typeof(CreatedProjectDto))]
[JsonSerializable(typeof(ProjectListDto))]
[JsonSerializable(typeof(IssuedTokenDto))]
[JsonSerializable(typeof(TokenListDto))]
[JsonSerializable(typeof(LoadBalancerInput))]
[JsonSerializable(typeof(LoadBalancerDto))]
[JsonSerializable(typeof(LoadBalancerListDto))]
[JsonSerializable(typeof(ListenerInput))]
[JsonSerializable(typeof(ListenerDto))]
[JsonSerializable(typeof(ListenerListDto))]
[JsonSerializable(typeof(ServerGroupInput))]
[JsonSerializable(typeof(PoolDto))]
[JsonSerializable(typeof(PoolListDto))]
[JsonSerializable(typeof(MemberInput))]
[JsonSerializable(typeof(MemberDto))]
[JsonSerializable(typeof(MemberListDto))]
[JsonSerializable(typeof(HealthMonitorInput))]
[JsonSerializable(typeof(HealthMonitorDto))]
[JsonSerializable(typeof(HealthMonitorListDto))]
[JsonSerializable(typeof(InstanceInput))]
[JsonSerializable(typeof(InstanceDto))]
[JsonSerializable(typeof(InstanceListDto))]
[JsonSerializable(typeof(HaproxyBindingInput))]
[JsonSerializable(typeof(HaproxyBindingDto))]
[JsonSerializable(typeof(HaproxyBindingListDto))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
