using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Vitals.Probes.Tests.Grpc;

/// <summary>A self-signed certificate and its key as PEM files in a temporary directory, for a TLS gRPC server.</summary>
internal sealed class GrpcTestCertificate : IDisposable
{
    private readonly DirectoryInfo _directory;

    public GrpcTestCertificate()
    {
        _directory = Directory.CreateTempSubdirectory("vitals-grpc-tls-");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        CertificatePath = Path.Combine(_directory.FullName, "cert.pem");
        KeyPath = Path.Combine(_directory.FullName, "key.pem");
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificatePath { get; }

    public string KeyPath { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}
