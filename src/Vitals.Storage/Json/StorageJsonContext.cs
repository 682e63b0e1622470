using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Storage.Json;

/// <summary>Source-generated JSON for the few columns that hold lists: maintenance windows, transition evidence, HAProxy backends and webhook filters.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MaintenanceWindow[]))]
[JsonSerializable(typeof(EvidenceEntry[]))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
