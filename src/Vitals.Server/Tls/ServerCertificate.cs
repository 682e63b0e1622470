using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Vitals.Storage.Secrets;

namespace Vitals.Server.Tls;

/// <summary>
/// The certificate of the HTTPS listener: the one given (<see cref="VitalsServerOptions.TlsCertificatePath"/>), or a
/// self-signed one generated on first start into <c>&lt;data-dir&gt;/tls/</c> and reused afterwards, so that clients
/// can trust it once (e.g. <c>NODE_EXTRA_CA_CERTS=&lt;data-dir&gt;/tls/cert.pem</c>).
/// </summary>
public static class ServerCertificate
{
    public const string CertificateFile = "cert.pem";
    public const string KeyFile = "key.pem";

    /// <summary>A generated certificate is renewed when it would expire within this time.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(825);

    /// <exception cref="InvalidOperationException">The given certificate cannot be read.</exception>
    public static X509Certificate2 Load(VitalsServerOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (options.TlsCertificatePath is { Length: > 0 } path)
        {
            try
            {
                return LoadFile(path, options.TlsKeyPath);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot read the TLS certificate '{path}': {e.Message}", e);
            }
        }

        var directory = Path.Combine(options.DataDir, "tls");
        var certificatePath = Path.Combine(directory, CertificateFile);
        var keyPath = Path.Combine(directory, KeyFile);
        var now = timeProvider.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = LoadFile(certificatePath, keyPath);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime + RenewBefore)
            {
                return existing;
            }

            existing.Dispose();
        }

        OwnerOnlyFiles.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=vitals", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.Add(Lifetime));

        // Both created 0600 (the key file never exists with a wider mode); the certificate is public but lives in the
        // data directory, where every file is the owner's.
        OwnerOnlyFiles.Write(keyPath, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()), replace: true);
        OwnerOnlyFiles.Write(certificatePath, Encoding.ASCII.GetBytes(created.ExportCertificatePem()), replace: true);
        return LoadFile(certificatePath, keyPath);
    }

    /// <summary>PKCS#12 (<c>.pfx</c>, <c>.p12</c>, no password) or PEM (the key in <paramref name="keyPath"/> or in the same file).</summary>
    private static X509Certificate2 LoadFile(string path, string? keyPath)
    {
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }

        using var pem = X509Certificate2.CreateFromPemFile(path, keyPath ?? path);

        // Round-trip through PKCS#12 so that SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pfx), password: null);
    }
}
