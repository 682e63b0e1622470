namespace Vitals.Core.Probing;

/// <summary>What one check concluded about the target.</summary>
public enum ProbeOutcome : byte
{
    Success,
    Failure,
}
