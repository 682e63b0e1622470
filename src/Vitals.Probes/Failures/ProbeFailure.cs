using Vitals.Core.Probing;

namespace Vitals.Probes.Failures;

/// <summary>A classified failure: the reason code, the HAProxy check code and the one wording people see.</summary>
public readonly record struct ProbeFailure(ReasonCode Reason, CheckCode CheckCode, string Detail)
{
    public ProbeResult ToResult(ProbeTimings timings, DateTimeOffset checkedAt, int? statusCode = null, string? content = null)
        => ProbeResult.Fail(Reason, CheckCode, timings, checkedAt, statusCode, content, Detail);
}
