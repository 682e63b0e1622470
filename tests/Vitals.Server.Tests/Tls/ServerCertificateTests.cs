using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Vitals.Server.Tests.Support;
using Vitals.Server.Tls;

namespace Vitals.Server.Tests.Tls;

public sealed class ServerCertificateTests
{
    [Fact]
    public async Task Serve_TlsListen_GeneratesCertificateOnceAndReusesItAfterRestart()
    {
        await using var server = await RunningServer.StartAsync(options: static o => o.TlsListen = "127.0.0.1:0");
        var certificatePath = Path.Combine(server.DataDir, "tls", ServerCertificate.CertificateFile);
        var first = await PresentedCertificateAsync(server.TlsBaseAddress!);

        await server.RestartAsync();
        var second = await PresentedCertificateAsync(server.TlsBaseAddress!);

        using var onDisk = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        Assert.Equal(onDisk.Thumbprint, first.Thumbprint);
        Assert.Equal(first.Thumbprint, second.Thumbprint);
        var san = onDisk.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(System.Net.IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.Contains("localhost", san.EnumerateDnsNames());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(server.DataDir, "tls", ServerCertificate.KeyFile)));
        }

        // The same API answers on both listeners. The self-signed certificate is pinned by thumbprint.
#pragma warning disable MA0039
        using var https = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == first.Thumbprint })
        {
            BaseAddress = server.TlsBaseAddress,
        };
#pragma warning restore MA0039
        using var time = await https.GetAsync("/1.0/auth/time", TestContext.Current.CancellationToken);
        Assert.True(time.IsSuccessStatusCode);
    }

    [Fact]
    public void Load_GivenPemWithSeparateKey_UsesIt()
    {
        var dir = Directory.CreateTempSubdirectory("vitals-tls-").FullName;
        try
        {
            var generated = ServerCertificate.Load(new VitalsServerOptions { DataDir = dir }, TimeProvider.System);
            var options = new VitalsServerOptions
            {
                DataDir = Path.Combine(dir, "other"),
                TlsCertificatePath = Path.Combine(dir, "tls", ServerCertificate.CertificateFile),
                TlsKeyPath = Path.Combine(dir, "tls", ServerCertificate.KeyFile),
            };

            using var loaded = ServerCertificate.Load(options, TimeProvider.System);

            Assert.Equal(generated.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.HasPrivateKey);
            Assert.False(Directory.Exists(Path.Combine(dir, "other")));
            options.TlsCertificatePath = Path.Combine(dir, "missing.pem");
            Assert.Throws<InvalidOperationException>(() => ServerCertificate.Load(options, TimeProvider.System));
            generated.Dispose();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<X509Certificate2> PresentedCertificateAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        await using var ssl = new SslStream(tcp.GetStream(), false, static (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" }, TestContext.Current.CancellationToken);
        return X509CertificateLoader.LoadCertificate(ssl.RemoteCertificate!.GetRawCertData());
    }
}
