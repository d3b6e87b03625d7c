using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pipeline.Emulators.Cosmos.Transport;

/// <summary>
/// The self-signed TLS certificate for localhost/127.0.0.1/::1, created on first start and kept as a PFX in the
/// data directory so clients that pinned or trusted it keep working across restarts.
/// </summary>
internal static class EmulatorCertificate
{
    public const string FileName = "cosmos-emulator.pfx";

    public static X509Certificate2 LoadOrCreate(string? dataDirectory)
    {
        var path = dataDirectory is null ? null : Path.Combine(dataDirectory, FileName);
        if (path is not null && File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
        }

        var pfx = Create();
        if (path is not null)
        {
            Directory.CreateDirectory(dataDirectory!);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, pfx);
            File.Move(temporary, path, overwrite: true);
        }

        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    private static byte[] Create()
    {
        // ECDSA P-256: generating the key takes a millisecond where RSA-2048 can take hundreds, which matters for cold start.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Pipeline Cosmos DB Emulator", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Pfx);
    }
}
