namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 3.1.4.2.2.2 GetUserSettingsRequestMessage: users (by SMTP address) and the setting names wanted.
internal sealed record GetUserSettingsRequest(IReadOnlyList<string> Users, IReadOnlyList<string> RequestedSettings, string? RequestedVersion);
