using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vitals.Testing;

/// <summary>Self-signed server certificates made on the fly, for loopback TLS servers.</summary>
public static class LoopbackCertificate
{
    /// <summary>An ECDSA P-256 certificate for <paramref name="commonName"/>, valid from a day ago for a week.</summary>
    public static X509Certificate2 Create(string commonName = "vitals-test", TimeProvider? timeProvider = null)
    {
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(commonName);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
