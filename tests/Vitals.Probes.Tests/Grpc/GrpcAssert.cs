using Vitals.Core.Probing;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>Assertions on a probe result that show the whole result when they fail.</summary>
internal static class GrpcAssert
{
    public static void Failed(ProbeResult result, ReasonCode reason, CheckCode checkCode)
    {
        Assert.True(result.Outcome == ProbeOutcome.Failure && result.Reason == reason && result.CheckCode == checkCode,
            $"expected {reason.ToWire()} {checkCode.ToWire()}, got {result}");
    }

    public static void Passed(ProbeResult result)
    {
        Assert.True(result.IsSuccess && result.Reason == ReasonCode.None && result.CheckCode == CheckCode.L7Ok,
            $"expected a pass, got {result}");
    }
}
