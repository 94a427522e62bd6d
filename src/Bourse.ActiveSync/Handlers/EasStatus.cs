namespace Bourse.ActiveSync.Handlers;

/// The protocol-level status codes every command's top-level Status may carry in 14.0 and later (MS-ASCMD 2.2.2).
internal static class EasStatus
{
    internal const int InvalidContent = 101;
    internal const int InvalidWbxml = 102;
    internal const int InvalidXml = 103;
    internal const int ServerError = 110;
    internal const int ServerErrorRetryLater = 111;
    internal const int MailboxQuotaExceeded = 113;
    internal const int SendQuotaExceeded = 115;
    internal const int MailSubmissionFailed = 120;
    internal const int UserDisabledForSync = 126;
    internal const int DeviceIsBlockedForThisUser = 129;
    internal const int AccessDenied = 130;
    internal const int AccountDisabled = 131;
    internal const int RemoteWipeRequested = 140;
    internal const int DeviceNotProvisioned = 142;
    internal const int PolicyRefresh = 143;
    internal const int InvalidPolicyKey = 144;
    internal const int DeviceNotFullyProvisionable = 139;
    internal const int ExternallyManagedDevicesNotAllowed = 145;
    internal const int ItemNotFound = 150;
    internal const int CommandNotSupported = 137;
    internal const int VersionNotSupported = 138;
}
