namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 3.1.4.1.2.2 GetDomainSettingsRequestMessage: domains and the setting names wanted.
internal sealed record GetDomainSettingsRequest(IReadOnlyList<string> Domains, IReadOnlyList<string> RequestedSettings, string? RequestedVersion);
