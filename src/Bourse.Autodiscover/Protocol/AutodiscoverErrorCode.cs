namespace Bourse.Autodiscover.Protocol;

// MS-OXWSADISC 2.2.5 (simple types) ErrorCode: the SOAP Autodiscover error codes (response-, user-, domain- and setting-level).
internal enum AutodiscoverErrorCode
{
    NoError,
    RedirectAddress,
    RedirectUrl,
    InvalidUser,
    InvalidRequest,
    InvalidSetting,
    SettingIsNotAvailable,
    ServerBusy,
    InvalidDomain,
    NotFederated,
    InternalServerError,
}
