namespace Vitals.Cli.Client;

/// <summary>One check result as the history endpoint shows it.</summary>
internal sealed record ResultView(string Outcome, string? ReasonCode, string CheckCode, string CheckStatus, int? StatusCode,
    TimingsView? TimingsMs, DateTimeOffset CheckedAt, string? Content);
