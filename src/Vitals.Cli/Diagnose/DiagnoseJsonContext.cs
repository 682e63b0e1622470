using System.Text.Json.Serialization;

namespace Vitals.Cli.Diagnose;

/// <summary>Source-generated serialization of <see cref="DiagnoseReport"/> (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DiagnoseReport))]
internal sealed partial class DiagnoseJsonContext : JsonSerializerContext;
