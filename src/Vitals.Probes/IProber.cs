using Vitals.Core.Probing;

namespace Vitals.Probes;

/// <summary>Runs one check against one target.</summary>
public interface IProber
{
    /// <summary>
    /// Checks <paramref name="target"/> once, within its timeout. Never throws for a misbehaving target: every
    /// failure of the target is a <see cref="ProbeResult"/>. Throws <see cref="OperationCanceledException"/> only
    /// when <paramref name="cancellationToken"/> (the host stopping) fires.
    /// </summary>
    ValueTask<ProbeResult> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken);
}
