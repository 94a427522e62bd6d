namespace Bourse.Autodiscover.Protocol;

// A decoded SOAP Autodiscover request: exactly one of the operations is set.
internal sealed record SoapRequest(SoapVersion Version, GetUserSettingsRequest? GetUserSettings, GetDomainSettingsRequest? GetDomainSettings);
