namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 3.1.4.1.2.3 GetDomainSettingsResponseMessage.
internal sealed record GetDomainSettingsResponse(AutodiscoverErrorCode Code, string Message, IReadOnlyList<DomainResponse> Domains);
