namespace Vitals.Cli.Diagnose;

/// <summary>The JSON shape of <c>vitals diagnose -o json</c> (snake_case): one object per run.</summary>
internal sealed record DiagnoseReport
{
    /// <summary>The endpoint the health check probes, <c>ip:port</c>.</summary>
    public required string Target { get; init; }

    public required string Type { get; init; }

    /// <summary>ISO-8601 UTC with milliseconds.</summary>
    public required string CheckedAt { get; init; }

    public required double ElapsedMs { get; init; }

    /// <summary><c>ok</c>, <c>problem</c>, <c>warning</c> or <c>cannot_tell</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>Most likely cause first.</summary>
    public required IReadOnlyList<FindingReport> Findings { get; init; }

    public required IReadOnlyList<string> NotChecked { get; init; }
}
