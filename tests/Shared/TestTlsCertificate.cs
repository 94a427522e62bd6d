using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bourse.Testing;

/// <summary>The self-signed TLS certificate a test or benchmark host on 127.0.0.1 serves (ECDSA P-256, valid a week).</summary>
internal static class TestTlsCertificate
{
    /// <summary>
    /// A certificate for 127.0.0.1 and, when <paramref name="dnsName"/> is given, that host name (also its subject);
    /// otherwise the subject is CN=localhost. Clients pin it by hash rather than trust a chain.
    /// </summary>
    public static X509Certificate2 Create(string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (dnsName ?? "localhost"), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (dnsName is not null)
            san.AddDnsName(dnsName);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
