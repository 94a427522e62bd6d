namespace Bourse.ActiveSync;

/// <summary>Exchange ActiveSync settings, bound from <c>Bourse:ActiveSync</c>.</summary>
public sealed class ActiveSyncOptions
{
    public const string SectionName = "Bourse:ActiveSync";

    /// <summary>Largest request body accepted (a SendMail carries a whole message); larger gets HTTP 413.</summary>
    public int MaxRequestBytes { get; set; } = 48 * 1024 * 1024;

    /// <summary>
    /// Devices must accept the security policy (MS-ASPROV two-phase Provision) before anything else; until they do they get
    /// HTTP 449 (12.1) or Status 142/144 (14.0 and later). Off only for labs: a remote wipe still needs a provisioned device.
    /// </summary>
    public bool RequireProvisioning { get; set; } = true;

    /// <summary>A device seen for the first time is quarantined until an administrator runs <c>bourse device allow</c>.</summary>
    public bool QuarantineNewDevices { get; set; }

    /// <summary>Ping and Sync Wait bounds in seconds (MS-ASCMD 2.2.3.88.1: a Ping heartbeat outside them gets Status 5 and the limit; a Sync Wait, Status 14).</summary>
    public int MinHeartbeatSeconds { get; set; } = 60;

    public int MaxHeartbeatSeconds { get; set; } = 3540;

    /// <summary>Most folders one Ping may watch (MS-ASCMD Ping Status 6 with MaxFolders above it).</summary>
    public int MaxPingFolders { get; set; } = 300;

    /// <summary>Largest WindowSize honoured for a Sync collection; larger requests are served in windows of this size.</summary>
    public int MaxWindowSize { get; set; } = 512;

    /// <summary>The mobile device mailbox policy sent in Provision (MS-ASPROV 2.2.2.27 EASProvisionDoc).</summary>
    public ActiveSyncPolicy Policy { get; set; } = new();
}

/// <summary>
/// The settings of the device mailbox policy an administrator sets, with Exchange's defaults. Each is sent in the
/// EASProvisionDoc as its MS-ASPROV element; null means "not set" (sent empty where the protocol allows).
/// </summary>
public sealed class ActiveSyncPolicy
{
    public bool DevicePasswordEnabled { get; set; }
    public bool AlphanumericDevicePasswordRequired { get; set; }
    public bool PasswordRecoveryEnabled { get; set; }
    public bool RequireStorageCardEncryption { get; set; }
    public bool AttachmentsEnabled { get; set; } = true;
    public int? MinDevicePasswordLength { get; set; } = 4;
    /// <summary>Seconds of inactivity before the device locks; null for no limit.</summary>
    public int? MaxInactivityTimeDeviceLock { get; set; } = 900;
    public int MaxDevicePasswordFailedAttempts { get; set; } = 8;
    /// <summary>Bytes; null for no limit.</summary>
    public int? MaxAttachmentSize { get; set; }
    public bool AllowSimpleDevicePassword { get; set; } = true;
    /// <summary>Days; null for never.</summary>
    public int? DevicePasswordExpiration { get; set; }
    public int DevicePasswordHistory { get; set; }
    public bool AllowStorageCard { get; set; } = true;
    public bool AllowCamera { get; set; } = true;
    public bool RequireDeviceEncryption { get; set; }
    public bool AllowUnsignedApplications { get; set; } = true;
    public bool AllowUnsignedInstallationPackages { get; set; } = true;
    public int MinDevicePasswordComplexCharacters { get; set; } = 1;
    public bool AllowWiFi { get; set; } = true;
    public bool AllowTextMessaging { get; set; } = true;
    public bool AllowPopImapEmail { get; set; } = true;
    /// <summary>0 disabled, 1 hands-free only, 2 allowed.</summary>
    public int AllowBluetooth { get; set; } = 2;
    public bool AllowIrDA { get; set; } = true;
    public bool RequireManualSyncWhenRoaming { get; set; }
    public bool AllowDesktopSync { get; set; } = true;
    /// <summary>MS-ASPROV 2.2.2.38 filter values: 0 all, 4 two weeks, 5 one month, 6 three months, 7 six months.</summary>
    public int MaxCalendarAgeFilter { get; set; }
    public bool AllowHtmlEmail { get; set; } = true;
    /// <summary>0 all, 1 one day … 5 one month.</summary>
    public int MaxEmailAgeFilter { get; set; }
    /// <summary>Kilobytes; -1 for no limit.</summary>
    public int MaxEmailBodyTruncationSize { get; set; } = -1;
    public int MaxEmailHtmlBodyTruncationSize { get; set; } = -1;
    public bool RequireSignedSmimeMessages { get; set; }
    public bool RequireEncryptedSmimeMessages { get; set; }
    public int RequireSignedSmimeAlgorithm { get; set; }
    public int RequireEncryptionSmimeAlgorithm { get; set; }
    public int AllowSmimeEncryptionAlgorithmNegotiation { get; set; } = 2;
    public bool AllowSmimeSoftCerts { get; set; } = true;
    public bool AllowBrowser { get; set; } = true;
    public bool AllowConsumerEmail { get; set; } = true;
    public bool AllowRemoteDesktop { get; set; } = true;
    public bool AllowInternetSharing { get; set; } = true;
}
