namespace Vitals.Core.Targets;

/// <summary>Which rule of the <see cref="TargetPolicy"/> decided about an address.</summary>
public enum TargetRule
{
    /// <summary>No rule denies it: the address may be connected to.</summary>
    None,

    /// <summary>Covered by a network of <c>--allow-targets</c>, which lifts the built-in rules below.</summary>
    AllowTargets,

    /// <summary>Covered by a network of <c>--deny-targets</c>; nothing overrides it.</summary>
    DenyTargets,

    /// <summary>A cloud metadata address: 169.254.169.254, 100.100.100.200, fd00:ec2::254, 168.63.129.16.</summary>
    CloudMetadata,

    /// <summary>127.0.0.0/8 or ::1.</summary>
    Loopback,

    /// <summary>0.0.0.0/8 or :: (which reach the server host itself).</summary>
    Unspecified,

    /// <summary>169.254.0.0/16 or fe80::/10.</summary>
    LinkLocal,

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    Multicast,

    /// <summary>255.255.255.255.</summary>
    Broadcast,

    /// <summary>An address of one of the server host's own network interfaces.</summary>
    HostAddress,
}
