namespace Vitals.Core.Instances;

/// <summary>Wire names and numeric codes of <see cref="InstanceHealthStatus"/>, kept in one table so they change in one place.</summary>
public static class InstanceHealthStatuses
{
    /// <summary>Every status, in declaration order.</summary>
    public static IReadOnlyList<InstanceHealthStatus> All { get; } =
    [
        InstanceHealthStatus.Ok, InstanceHealthStatus.Impaired, InstanceHealthStatus.Warning, InstanceHealthStatus.Maintaining,
        InstanceHealthStatus.Initializing, InstanceHealthStatus.InsufficientData, InstanceHealthStatus.NotApplicable,
    ];

    /// <summary>The API value, e.g. <c>InsufficientData</c>.</summary>
    public static string WireName(InstanceHealthStatus status) => status switch
    {
        InstanceHealthStatus.Ok => "Ok",
        InstanceHealthStatus.Impaired => "Impaired",
        InstanceHealthStatus.Warning => "Warning",
        InstanceHealthStatus.Maintaining => "Maintaining",
        InstanceHealthStatus.Initializing => "Initializing",
        InstanceHealthStatus.InsufficientData => "InsufficientData",
        InstanceHealthStatus.NotApplicable => "NotApplicable",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// <c>HealthStatus.Code</c>. Ok 0, Warning 64 and Impaired 128 appear in public examples; the other four are
    /// unverified placeholders (alibaba-ecs.md §1.2).
    /// </summary>
    public static int Code(InstanceHealthStatus status) => status switch
    {
        InstanceHealthStatus.Ok => 0,
        InstanceHealthStatus.Warning => 64,
        InstanceHealthStatus.Impaired => 128,
        InstanceHealthStatus.Maintaining => 65,
        InstanceHealthStatus.Initializing => 2,
        InstanceHealthStatus.InsufficientData => 3,
        InstanceHealthStatus.NotApplicable => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// Parses a <c>HealthStatus</c> filter value: the wire names, case-sensitive, plus <c>OK</c> which older docs
    /// list for the healthy state.
    /// </summary>
    public static bool TryParse(string? value, out InstanceHealthStatus status)
    {
        if (string.Equals(value, "OK", StringComparison.Ordinal))
        {
            status = InstanceHealthStatus.Ok;
            return true;
        }

        foreach (var candidate in All)
        {
            if (string.Equals(value, WireName(candidate), StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
