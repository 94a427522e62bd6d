using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bourse.Server.Tls;

/// <summary>Makes the embedded deployment's self-signed server certificate: RSA 2048 (the widest client support), server-auth EKU, two years.</summary>
internal static class SelfSignedCertificateFactory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(730);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>The names a certificate for <paramref name="domain"/> must cover.</summary>
    public static IReadOnlyList<string> DnsNames(string domain) => [$"mail.{domain}", $"autodiscover.{domain}", "localhost"];

    public static X509Certificate2 Create(string domain, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=mail.{domain}, O=Bourse (self-signed)"), key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames(domain))
            san.AddDnsName(name);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        return request.CreateSelfSigned(now.AddDays(-1), now.Add(Lifetime));
    }

    /// <summary>True when the certificate names every host name a certificate for <paramref name="domain"/> must have.</summary>
    public static bool Covers(X509Certificate2 certificate, string domain)
    {
        var ext = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (ext is null)
            return false;
        var names = ext.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return DnsNames(domain).All(names.Contains);
    }
}
