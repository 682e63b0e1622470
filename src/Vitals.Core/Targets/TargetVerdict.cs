using System.Net;

namespace Vitals.Core.Targets;

/// <summary>
/// The <see cref="TargetPolicy"/>'s answer for one address: allowed or not, the rule that decided, and for the operator's
/// lists the network that matched.
/// </summary>
/// <param name="Address">The address as checked (normalised: an IPv4-mapped IPv6 address is its IPv4 address).</param>
/// <param name="Rule">The deciding rule; <see cref="TargetRule.None"/> or <see cref="TargetRule.AllowTargets"/> when allowed.</param>
/// <param name="Network">The network of <c>--allow-targets</c> or <c>--deny-targets</c> that matched, if one did.</param>
public readonly record struct TargetVerdict(IPAddress Address, TargetRule Rule, IPNetwork? Network)
{
    /// <summary>True when the server may open a connection to <see cref="Address"/>.</summary>
    public bool IsAllowed => Rule is TargetRule.None or TargetRule.AllowTargets;

    /// <summary>
    /// Why the address is refused, naming the rule and what to change (e.g. "169.254.169.254 is a cloud metadata address,
    /// denied by the target policy; see --allow-targets"); null when it is allowed.
    /// </summary>
    public string? Refusal => Rule switch
    {
        TargetRule.None or TargetRule.AllowTargets => null,
        TargetRule.DenyTargets => $"{Address} is in {Network} of --deny-targets, denied by the target policy",
        _ => $"{Address} is {Describe(Rule)}, denied by the target policy; see --allow-targets",
    };

    private static string Describe(TargetRule rule) => rule switch
    {
        TargetRule.CloudMetadata => "a cloud metadata address",
        TargetRule.Loopback => "a loopback address",
        TargetRule.Unspecified => "an unspecified address (it reaches the server host itself)",
        TargetRule.LinkLocal => "a link-local address",
        TargetRule.Multicast => "a multicast address",
        TargetRule.Broadcast => "the broadcast address",
        TargetRule.HostAddress => "an address of the server host itself",
        _ => rule.ToString(),
    };
}
