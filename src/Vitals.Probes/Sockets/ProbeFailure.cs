using Vitals.Core.Probing;

namespace Vitals.Probes.Sockets;

/// <summary>A classified failure: the two codes and a short text for people.</summary>
internal readonly record struct ProbeFailure(ReasonCode Reason, CheckCode CheckCode, string Detail)
{
    public ProbeResult ToResult(ProbeTimings timings, DateTimeOffset checkedAt, int? statusCode = null, string? content = null)
        => ProbeResult.Fail(Reason, CheckCode, timings, checkedAt, statusCode, content, Detail);
}
