using System.Text.Json.Nodes;

namespace Vitals.Cli.Diagnose;

/// <summary>One finding in <see cref="DiagnoseReport"/>.</summary>
internal sealed record FindingReport
{
    /// <summary>The stable cause code, e.g. <c>FIREWALL_DROP</c>.</summary>
    public required string Cause { get; init; }

    public required string Verdict { get; init; }

    public required string Check { get; init; }

    public required JsonObject Evidence { get; init; }

    public required string Advice { get; init; }

    public required string? NlbReasonCode { get; init; }

    public required string? CheckCode { get; init; }
}
