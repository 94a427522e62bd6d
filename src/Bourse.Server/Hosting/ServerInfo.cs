namespace Bourse.Server.Hosting;

/// <summary>What the running server tells visitors: its mail domain, the host names clients use, and the certificate fingerprint.</summary>
internal sealed record ServerInfo(string Domain, string CertificateFingerprint, bool SelfSignedCertificate)
{
    public string MailHost => $"mail.{Domain}";
    public string AutodiscoverHost => $"autodiscover.{Domain}";
}
