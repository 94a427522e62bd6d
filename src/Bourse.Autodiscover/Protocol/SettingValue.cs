namespace Bourse.Autodiscover.Protocol;

// One returned setting. MS-OXWSADISC 2.2.4: the xsi:type says which value shape follows.
// Name: The setting name as the client asked for it.
// Value: StringSetting's Value (null for collection settings).
// WebClientUrls: WebClientUrlCollectionSetting's (AuthenticationMethods, Url) pairs.
internal sealed record SettingValue(string Name, string? Value, IReadOnlyList<(string AuthenticationMethods, string Url)>? WebClientUrls = null, bool IsAlternateMailboxes = false);
