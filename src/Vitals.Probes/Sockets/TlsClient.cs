using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Vitals.Probes.Sockets;

/// <summary>
/// The TLS client side of HTTPS and TLS checks. Like a load balancer, the checker records the handshake but does
/// not verify the backend certificate: backends commonly use self-signed or internal certificates.
/// </summary>
internal static class TlsClient
{
    [SuppressMessage("Security", "CA5359", Justification = "Health checks record the backend certificate; they do not authenticate the backend (as cloud load balancers do not).")]
    private static readonly RemoteCertificateValidationCallback AcceptAnyCertificate = static (_, _, _, _) => true;

    /// <summary>An SslStream over <paramref name="socket"/>; disposing it leaves the socket to the caller.</summary>
    public static SslStream Create(Socket socket) => new(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);

    /// <summary>
    /// Handshake options. TargetHost is <c>domain_name</c> or the address literal; .NET sends no SNI for an
    /// address literal, which is what a load balancer does when no domain name is configured.
    /// </summary>
    public static SslClientAuthenticationOptions Options(ProbeTarget target) => new()
    {
        TargetHost = target.ServerName,
        RemoteCertificateValidationCallback = AcceptAnyCertificate,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };
}
