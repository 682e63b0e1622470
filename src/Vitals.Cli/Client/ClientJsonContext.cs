using System.Text.Json.Serialization;
using Vitals.Cli.Diagnose;

namespace Vitals.Cli.Client;

/// <summary>Source-generated reading of the live-status answers (snake_case, as the API writes them).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ListenerHealth))]
[JsonSerializable(typeof(PoolHealth))]
[JsonSerializable(typeof(MemberHistory))]
[JsonSerializable(typeof(TransitionEvent))]
[JsonSerializable(typeof(DiagnoseReport))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
