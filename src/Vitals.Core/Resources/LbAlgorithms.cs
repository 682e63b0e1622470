using System.Diagnostics.CodeAnalysis;

namespace Vitals.Core.Resources;

/// <summary>The load-balancing algorithms of a server group (Huawei ELB v3 <c>lb_algorithm</c>), by wire name.</summary>
public static class LbAlgorithms
{
    public const string RoundRobin = "ROUND_ROBIN";
    public const string LeastConnections = "LEAST_CONNECTIONS";
    public const string SourceIp = "SOURCE_IP";
    public const string QuicCid = "QUIC_CID";
    public const string AllowedList = "ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP, QUIC_CID";

    /// <summary>The canonical (upper-case) wire name of <paramref name="text"/>, read case-insensitively.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? algorithm)
    {
        algorithm = text?.Trim().ToUpperInvariant() switch
        {
            RoundRobin => RoundRobin,
            LeastConnections => LeastConnections,
            SourceIp => SourceIp,
            QuicCid => QuicCid,
            _ => null,
        };
        return algorithm is not null;
    }
}
