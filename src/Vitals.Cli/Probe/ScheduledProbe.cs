using Vitals.Core.Monitoring;

namespace Vitals.Cli.Probe;

/// <summary>Checks many targets on schedule with the engine (arrives with Vitals.Engine.HealthEngine).</summary>
internal static class ScheduledProbe
{
    public static async Task<int> RunAsync(HealthMonitorSpec spec, List<TargetAddress> targets, bool grpcTls,
        ScheduleSettings schedule, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        _ = (spec, targets, grpcTls, schedule, json, stdout, cancellationToken);
        await stderr.WriteLineAsync("targets_file: scheduled checks are not available in this build");
        return ExitCodes.InvalidUsage;
    }
}
