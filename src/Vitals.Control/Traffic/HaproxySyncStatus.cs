namespace Vitals.Control.Traffic;

/// <summary>
/// How an HAProxy binding's sync stands, as the API shows it in <c>sync</c>.
/// </summary>
/// <param name="State"><c>pending</c>, <c>synced</c>, <c>error</c> or <c>disabled</c>.</param>
/// <param name="LastSyncAt">When states were last pushed.</param>
/// <param name="LastConfirmedAt">When HAProxy's read-back last matched.</param>
/// <param name="Confirmed">Whether the last read-back matched every server.</param>
/// <param name="Error">The last failure, or null.</param>
/// <param name="Servers">How many HAProxy servers the binding manages.</param>
/// <param name="Mismatched">How many of them HAProxy showed in another state at the last read-back.</param>
/// <param name="LagLastMs">Verdict to confirmed state, the last one, in milliseconds.</param>
/// <param name="LagP50Ms">The same, median over recent verdicts.</param>
/// <param name="LagP99Ms">The same, 99th percentile over recent verdicts.</param>
/// <param name="HaproxyVersion">The version HAProxy reported, or null before it answered.</param>
public sealed record HaproxySyncStatus(string State, DateTimeOffset? LastSyncAt, DateTimeOffset? LastConfirmedAt, bool Confirmed, string? Error,
    int Servers, int Mismatched, double? LagLastMs, double? LagP50Ms, double? LagP99Ms, string? HaproxyVersion);
