using Vitals.Cli.Output;
using Vitals.Core.Monitoring;
using Vitals.Probes;

namespace Vitals.Cli.Probe;

/// <summary>One check of one target, printed and turned into an exit code.</summary>
internal static class OneShotProbe
{
    public static async Task<int> RunAsync(HealthMonitorSpec spec, TargetAddress address, bool grpcTls, bool json,
        TextWriter stdout, CancellationToken cancellationToken)
    {
        using var prober = new Prober(TimeProvider.System);
        var target = ProbeTarget.For(address.Address, address.Port, spec, grpcOverTls: grpcTls);
        Core.Probing.ProbeResult result;
        try
        {
            result = await prober.ProbeAsync(target, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }

        if (json)
        {
            await stdout.WriteLineAsync(ProbeResultFormatter.ToJson(result, target));
        }
        else
        {
            await stdout.WriteAsync(ProbeResultFormatter.ToText(result, target));
        }

        return result.IsSuccess ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
