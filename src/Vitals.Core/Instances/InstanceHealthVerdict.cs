namespace Vitals.Core.Instances;

/// <summary>An instance's health and every reason found at the deciding rule (empty for Ok).</summary>
public sealed record InstanceHealthVerdict(InstanceHealthStatus Status, IReadOnlyList<InstanceHealthReason> Reasons);
