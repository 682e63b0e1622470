using Vitals.Core.Probing;

namespace Vitals.Core.Tests.Health;

/// <summary>Results and instants for the health tests; each result is stamped with its own instant so order is visible.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    public static ProbeResult Pass(int second) =>
        ProbeResult.Pass(CheckCode.L7Ok, new ProbeTimings(100, -1, 900, 1000), At(second), statusCode: 200, detail: "OK");

    public static ProbeResult Fail(int second, ReasonCode reason = ReasonCode.HttpCodeNotMatch) =>
        ProbeResult.Fail(reason, CheckCode.L7Sts, new ProbeTimings(100, -1, 900, 1000), At(second), statusCode: 500,
            detail: "Internal Server Error");

    public static DateTimeOffset[] Instants(IEnumerable<ProbeResult> results) => [.. results.Select(r => r.CheckedAt)];
}
