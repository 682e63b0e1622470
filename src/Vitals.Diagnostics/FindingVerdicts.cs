namespace Vitals.Diagnostics;

/// <summary>Wire names of <see cref="FindingVerdict"/>: <c>ok</c>, <c>problem</c>, <c>warning</c>, <c>cannot_tell</c>.</summary>
public static class FindingVerdicts
{
    public static string ToWire(this FindingVerdict verdict) => verdict switch
    {
        FindingVerdict.Ok => "ok",
        FindingVerdict.Problem => "problem",
        FindingVerdict.CannotTell => "cannot_tell",
        FindingVerdict.Warning => "warning",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary>Problems first, then warnings, then what could not be told, then what is fine: the order of a report.</summary>
    internal static int SortOrder(this FindingVerdict verdict) => verdict switch
    {
        FindingVerdict.Problem => 0,
        FindingVerdict.Warning => 1,
        FindingVerdict.CannotTell => 2,
        _ => 3,
    };
}
