using Bourse.Directory.Naming;

namespace Bourse.Directory;

/// <summary>The name rules the built-in directory applies, for callers (CLI, admin UI, NTLM) that check input first.</summary>
public static class DirectoryNames
{
    /// <summary>
    /// True for an address the directory accepts as a primary address or alias: an RFC 5322 dot-atom local part of at
    /// most 64 characters, '@', and a host name (letters, digits, hyphens); ASCII only, 254 characters at most.
    /// </summary>
    public static bool IsValidSmtpAddress(string? address) => SmtpAddress.TryParse(address, out _);

    /// <summary>True for a domain name that can be an accepted domain (a trailing dot is allowed and ignored).</summary>
    public static bool IsValidDomain(string? domain) => SmtpAddress.TryNormalizeDomain(domain, allowTrailingDot: true, out _);

    /// <summary>
    /// The NetBIOS-style domain name users may type before a backslash (<c>CONTOSO\alice</c>) and that NTLM announces:
    /// the first label of the DNS domain, upper case, at most 15 characters.
    /// </summary>
    public static string NetBiosDomainName(string domain)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        return RecipientNames.NetBiosName(domain.Trim());
    }
}
