using Bourse.ClientAccess.Auth.Ntlm;

namespace Bourse.ClientAccess.Auth;

/// <summary>NTLM (MS-NLMP NTLMv2) and Negotiate (SPNEGO carrying NTLM) settings.</summary>
public sealed class NtlmAuthenticationOptions
{
    /// <summary>Offer the NTLM scheme.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Offer the Negotiate scheme (SPNEGO with NTLM inside; Kerberos is not offered).</summary>
    public bool NegotiateEnabled { get; set; } = true;

    /// <summary>MsvAvNbDomainName and the CHALLENGE TargetName: the DOMAIN in DOMAIN\user.</summary>
    public string NetBiosDomainName { get; set; } = "BOURSE";

    /// <summary>MsvAvNbComputerName.</summary>
    public string NetBiosComputerName { get; set; } = "MAIL";

    /// <summary>MsvAvDnsDomainName.</summary>
    public string DnsDomainName { get; set; } = "bourse.local";

    /// <summary>MsvAvDnsComputerName; also the default Basic realm.</summary>
    public string DnsComputerName { get; set; } = "mail.bourse.local";

    /// <summary>Channel binding enforcement (Extended Protection for Authentication).</summary>
    public ExtendedProtectionMode ExtendedProtection { get; set; } = ExtendedProtectionMode.WhenSupported;

    /// <summary>How long a CHALLENGE stays answerable on its connection.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Keep the NTLM identity for later requests on the same TCP connection, as IIS does. Turn off behind a proxy that
    /// shares one back-end connection between clients.
    /// </summary>
    public bool PersistOnConnection { get; set; } = true;
}
