using System.Net;
using System.Net.Sockets;
using Vitals.Core.Targets;

namespace Vitals.Control.Targets;

/// <summary>
/// The one door for outbound connections made on a tenant's behalf (exporter scrapes today; webhooks and load-balancer
/// pushes later): checks a target against the server's <see cref="TargetPolicy"/>, and for URLs does so at connect time
/// through <see cref="SocketsHttpHandler.ConnectCallback"/>, on the addresses the host name resolves to then, so a DNS
/// answer that changes between the check on write and the connection (DNS rebinding) cannot reach a denied address.
/// </summary>
public sealed class TargetGuard
{
    public TargetGuard(TargetPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>The server-wide policy.</summary>
    public TargetPolicy Policy { get; }

    /// <summary>
    /// A handler for tenant-given URLs: no proxy (it would connect for us, unchecked), no redirects (a redirect is another
    /// target the caller did not give), every connection through <see cref="ConnectAsync"/>.
    /// </summary>
    public SocketsHttpHandler CreateHandler(TimeSpan connectTimeout) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = ConnectAsync,
    };

    /// <summary>
    /// Checks a URL's host on write: an address literal is checked now; a host name can only be checked when it is
    /// resolved, at connect time. Null when allowed (or a name), else the refusal.
    /// </summary>
    public string? CheckUrl(Uri url) => Policy.CheckHost(url)?.Refusal;

    /// <summary>
    /// Resolves the host, drops every address the policy denies and connects to the first allowed one that answers.
    /// Throws <see cref="TargetRefusedException"/> when the policy denies them all.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        TargetVerdict? refused = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            var verdict = Policy.Check(address);
            if (!verdict.IsAllowed)
            {
                refused ??= verdict;
                continue;
            }

            var socket = new Socket(verdict.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // The normalised address: a mapped ::ffff:a.b.c.d is connected to as the IPv4 address that was checked.
                await socket.ConnectAsync(new IPEndPoint(verdict.Address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                lastError = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        if (lastError is not null)
        {
            throw lastError;
        }

        throw refused is { } first
            ? new TargetRefusedException($"{host}: {first.Refusal}") { Verdict = first }
            : new TargetRefusedException($"{host} resolved to no address");
    }
}
