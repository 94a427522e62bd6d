namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 3.1.4.2.2.3 GetUserSettingsResponseMessage.
internal sealed record GetUserSettingsResponse(AutodiscoverErrorCode Code, string Message, IReadOnlyList<UserResponse> Users);
