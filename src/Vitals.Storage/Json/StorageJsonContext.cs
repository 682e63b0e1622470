using System.Text.Json.Serialization;
using Vitals.Core.Resources;

namespace Vitals.Storage.Json;

/// <summary>Source-generated JSON for the few columns that hold lists: maintenance windows and transition evidence.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MaintenanceWindow[]))]
[JsonSerializable(typeof(EvidenceEntry[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
