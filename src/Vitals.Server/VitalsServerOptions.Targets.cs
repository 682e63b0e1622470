using System.Net;
using Vitals.Core.Targets;

namespace Vitals.Server;

public sealed partial class VitalsServerOptions
{
    /// <summary>
    /// Networks (CIDRs or single addresses, each item may hold several separated by commas) the server may connect to on a
    /// tenant's behalf although a built-in rule denies them (loopback, link-local, the host's own addresses, ...).
    /// <c>--deny-targets</c> still wins. See docs/security.md, "Target policy".
    /// </summary>
    /// <value>empty</value>
    public IList<string> AllowTargets { get; set; } = [];

    /// <summary>Networks the server never connects to on a tenant's behalf; they win over <see cref="AllowTargets"/>.</summary>
    /// <value>empty</value>
    public IList<string> DenyTargets { get; set; } = [];

    /// <summary>
    /// The target policy these options ask for, with the host's own <paramref name="hostAddresses"/>; <see cref="Demo"/>
    /// also allows 127.0.0.1, where the demo's backends listen. Null with <paramref name="errors"/> when a list is bad.
    /// </summary>
    public TargetPolicy? TargetPolicy(IEnumerable<IPAddress> hostAddresses, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var allow = TargetNetworks.ParseList(AllowTargets, errors);
        var deny = TargetNetworks.ParseList(DenyTargets, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var policy = new TargetPolicy(allow, deny, hostAddresses);
        return Demo ? policy.AllowAlso([new IPNetwork(IPAddress.Loopback, 32)]) : policy;
    }
}
