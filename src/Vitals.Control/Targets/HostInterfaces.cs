using System.Net;
using System.Net.NetworkInformation;

namespace Vitals.Control.Targets;

/// <summary>The server host's own addresses, which the target policy denies unless allowed (a member there probes us).</summary>
public static class HostInterfaces
{
    /// <summary>Every unicast address of every interface, read once at start; none when the system will not say.</summary>
    public static IReadOnlyList<IPAddress> GetAddresses()
    {
        var addresses = new List<IPAddress>();
        try
        {
            foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    addresses.Add(unicast.Address);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Loopback, link-local and the rest are still denied by their own rules.
        }

        return addresses;
    }
}
