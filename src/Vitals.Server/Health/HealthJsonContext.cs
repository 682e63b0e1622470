using System.Text.Json.Serialization;

namespace Vitals.Server.Health;

/// <summary>Source-generated JSON of the live-status answers and events (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MemberHealthDto))]
[JsonSerializable(typeof(PoolHealthDto))]
[JsonSerializable(typeof(ListenerHealthDto))]
[JsonSerializable(typeof(MemberHistoryDto))]
[JsonSerializable(typeof(ProjectHealthDto))]
[JsonSerializable(typeof(PoolMembersHealthDto))]
[JsonSerializable(typeof(TransitionEventDto))]
[JsonSerializable(typeof(FlappingEventDto))]
[JsonSerializable(typeof(PanicEventDto))]
[JsonSerializable(typeof(DroppedEventDto))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
