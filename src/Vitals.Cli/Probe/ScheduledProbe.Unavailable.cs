using Vitals.Core.Monitoring;

namespace Vitals.Cli.Probe;

/// <summary>
/// Stand-in for <c>ScheduledProbe.cs</c> while Vitals.Engine has no HealthEngine yet (the project file picks one
/// of the two); delete it, and the condition, once the engine is merged.
/// </summary>
internal static class ScheduledProbe
{
    public const string UnavailableMessage = "targets_file: scheduled checks need Vitals.Engine, which is not in this build";

    public static async Task<int> RunAsync(HealthMonitorSpec spec, List<TargetAddress> targets, bool grpcTls,
        ScheduleSettings schedule, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        _ = (spec, targets, grpcTls, schedule, json, stdout, cancellationToken);
        await stderr.WriteLineAsync(UnavailableMessage);
        return ExitCodes.InvalidUsage;
    }
}
