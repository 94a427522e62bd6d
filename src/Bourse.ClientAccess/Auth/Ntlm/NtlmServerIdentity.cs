namespace Bourse.ClientAccess.Auth.Ntlm;

/// <summary>The names the server announces in the CHALLENGE target info (MS-NLMP 2.2.1.2).</summary>
internal sealed record NtlmServerIdentity(string NetBiosDomainName, string NetBiosComputerName, string DnsDomainName, string DnsComputerName);
