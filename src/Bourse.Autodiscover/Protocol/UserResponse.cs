namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 2.2.4 (complex types) UserResponse: the outcome for one requested user.
internal sealed record UserResponse(
    AutodiscoverErrorCode Code,
    string Message,
    string? RedirectTarget,
    IReadOnlyList<SettingError> Errors,
    IReadOnlyList<SettingValue> Settings);
