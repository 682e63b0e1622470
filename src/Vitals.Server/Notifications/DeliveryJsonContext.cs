using System.Text.Json.Serialization;

namespace Vitals.Server.Notifications;

/// <summary>Source-generated JSON of the deliveries answers (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DeliveryDto))]
[JsonSerializable(typeof(DeliveryListDto))]
internal sealed partial class DeliveryJsonContext : JsonSerializerContext;
