using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bourse.ClientAccess.Tests.Infrastructure;

/// <summary>Self-signed TLS certificates made in the test.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> Server = new(() => Create("mail.bourse.test"));

    public static X509Certificate2 ServerCertificate => Server.Value;

    public static X509Certificate2 Create(string name, HashAlgorithmName? hash = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, key, hash ?? HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
