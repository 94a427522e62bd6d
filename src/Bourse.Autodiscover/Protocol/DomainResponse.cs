namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 2.2.4 (complex types) DomainResponse: the outcome for one requested domain.
internal sealed record DomainResponse(
    AutodiscoverErrorCode Code,
    string Message,
    IReadOnlyList<SettingError> Errors,
    IReadOnlyList<SettingValue> Settings);
