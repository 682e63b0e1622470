using System.Text.Json.Serialization;

namespace Vitals.Cli.Output;

/// <summary>Source-generated serialization for every JSON line the CLI writes (no reflection at run time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ProbeReport))]
[JsonSerializable(typeof(TransitionReport))]
[JsonSerializable(typeof(FlappingReport))]
[JsonSerializable(typeof(SummaryReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
