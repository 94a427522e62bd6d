using Bourse.Core.Ids;

namespace Bourse.Directory.Devices;

/// <summary>Whether a device may sync (Exchange's DeviceAccessState).</summary>
public enum DeviceAccessState
{
    Allowed = 0,
    Blocked = 1,
    /// <summary>Known but waiting for an administrator: the device may provision and read nothing but its quarantine notice.</summary>
    Quarantined = 2,
}

/// <summary>The remote wipe state of a device (Exchange's DeviceWipeStatus, including account-only wipe).</summary>
public enum DeviceWipeStatus
{
    None = 0,
    /// <summary>An administrator asked for a full wipe; the next request from the device gets it.</summary>
    WipePending = 1,
    /// <summary>The wipe directive was sent; waiting for the device's acknowledgement.</summary>
    WipeSent = 2,
    /// <summary>The device acknowledged the wipe. It stays refused until the partnership is removed.</summary>
    WipeAcknowledged = 3,
    AccountOnlyWipePending = 4,
    AccountOnlyWipeSent = 5,
    AccountOnlyWipeAcknowledged = 6,
}

/// <summary>What each request tells us about the device (request line and headers).</summary>
public sealed record DeviceContact(string DeviceId, string DeviceType, string? UserAgent, string? ProtocolVersion);

/// <summary>What a device reports about itself (ActiveSync Settings DeviceInformation, MS-ASCMD 2.2.3.45); null members are unchanged.</summary>
public sealed record DeviceInformation
{
    public string? Model { get; init; }
    public string? Imei { get; init; }
    public string? FriendlyName { get; init; }
    public string? OperatingSystem { get; init; }
    public string? OperatingSystemLanguage { get; init; }
    public string? PhoneNumber { get; init; }
    public string? MobileOperator { get; init; }
    public string? UserAgent { get; init; }
    public bool? EnableOutboundSms { get; init; }
}

/// <summary>A device partnership as stored.</summary>
public sealed record DevicePartnership
{
    public required MailboxId Mailbox { get; init; }
    public required string DeviceId { get; init; }
    public required string DeviceType { get; init; }
    public string? UserAgent { get; init; }
    public string? ProtocolVersion { get; init; }
    public DeviceInformation Information { get; init; } = new();
    public required DateTime FirstSyncUtc { get; init; }
    public required DateTime LastSyncUtc { get; init; }
    /// <summary>The policy key the device holds (temporary until acknowledged), or null before provisioning.</summary>
    public uint? PolicyKey { get; init; }
    /// <summary>When the device acknowledged the current policy; null while only a temporary key was issued.</summary>
    public DateTime? PolicyAppliedUtc { get; init; }
    public DeviceAccessState Access { get; init; }
    public DeviceWipeStatus Wipe { get; init; }
    public DateTime? WipeRequestedUtc { get; init; }
    public DateTime? WipeAcknowledgedUtc { get; init; }

    public bool IsWipePending => Wipe is DeviceWipeStatus.WipePending or DeviceWipeStatus.WipeSent
        or DeviceWipeStatus.AccountOnlyWipePending or DeviceWipeStatus.AccountOnlyWipeSent;
}
