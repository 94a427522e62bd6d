using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bourse.Server.Tls;

/// <summary>The certificate Kestrel serves, where it came from, and its SHA-256 fingerprint as operators compare it.</summary>
internal sealed record ServerCertificate(X509Certificate2 Certificate, string Source, bool Created)
{
    /// <summary>Colon-separated upper-case hex of SHA-256 over the DER encoding (what browsers show).</summary>
    public string Fingerprint => FormatFingerprint(Certificate);

    public static string FormatFingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));
}
