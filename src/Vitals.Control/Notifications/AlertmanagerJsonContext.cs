using System.Text.Json.Serialization;

namespace Vitals.Control.Notifications;

/// <summary>The Alertmanager push body, serialised without reflection.</summary>
[JsonSerializable(typeof(List<AlertmanagerAlert>))]
internal sealed partial class AlertmanagerJsonContext : JsonSerializerContext;
