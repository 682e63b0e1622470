namespace Vitals.Diagnostics;

/// <summary>The outcome of <see cref="Diagnoser.DiagnoseAsync"/>: findings ordered most likely cause first.</summary>
public sealed record Diagnosis
{
    /// <summary>The endpoint the health check probes, <c>ip:port</c> (<c>[ip]:port</c> for IPv6).</summary>
    public required string Target { get; init; }

    /// <summary>The check type, e.g. <c>HTTP</c>.</summary>
    public required string Type { get; init; }

    /// <summary>When the diagnosis started (UTC).</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>How long it ran; never much more than the request's budget.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// <see cref="FindingVerdict.Problem"/> when any finding is a problem, else <see cref="FindingVerdict.Warning"/> when
    /// any is a warning, else <see cref="FindingVerdict.CannotTell"/> when any finding could not be told, else
    /// <see cref="FindingVerdict.Ok"/>.
    /// </summary>
    public required FindingVerdict Verdict { get; init; }

    /// <summary>Problems first, most likely cause first; then warnings; then what could not be told; then what is fine.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>What the diagnosis could not check and why (no time left, needs an agent on the host...).</summary>
    public required IReadOnlyList<string> NotChecked { get; init; }
}
