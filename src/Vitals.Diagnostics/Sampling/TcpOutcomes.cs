namespace Vitals.Diagnostics.Sampling;

/// <summary>Wire names of <see cref="TcpOutcome"/> for evidence.</summary>
internal static class TcpOutcomes
{
    public static string ToWire(this TcpOutcome outcome) => outcome switch
    {
        TcpOutcome.Connected => "connected",
        TcpOutcome.Banner => "banner",
        TcpOutcome.Refused => "refused",
        TcpOutcome.Timeout => "timeout",
        TcpOutcome.Unreachable => "unreachable",
        TcpOutcome.Reset => "reset",
        TcpOutcome.Closed => "closed",
        TcpOutcome.LocalError => "local_error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>True when a listener accepted the connection and kept it.</summary>
    public static bool IsOpen(this TcpOutcome outcome) => outcome is TcpOutcome.Connected or TcpOutcome.Banner;

    /// <summary>True when the host itself answered (with SYN-ACK or RST), so it is up and reachable.</summary>
    public static bool HostAnswered(this TcpOutcome outcome) => outcome is not (TcpOutcome.Timeout or TcpOutcome.Unreachable
        or TcpOutcome.LocalError);
}
