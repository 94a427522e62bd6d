namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 2.2.4 (complex types) UserSettingError / DomainSettingError.
internal sealed record SettingError(string SettingName, AutodiscoverErrorCode Code, string Message);
