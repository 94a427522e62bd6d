using Bourse.Core.Ids;

namespace Bourse.Directory.Devices;

/// <summary>
/// Mobile device partnerships (Exchange's "mobile devices" of a mailbox): which phone or tablet syncs which mailbox,
/// what it told us about itself, the security policy it acknowledged, whether an administrator blocked, allowed or
/// quarantined it, and the state of a remote wipe. Kept in the directory beside the user, so every node and the
/// <c>bourse device</c> commands see the same partnerships.
/// </summary>
public interface IDeviceDirectory
{
    /// <summary>The partnership of one device with one mailbox, or null. DeviceIds compare case-insensitively.</summary>
    ValueTask<DevicePartnership?> GetDeviceAsync(MailboxId mailbox, string deviceId, CancellationToken ct = default);

    /// <summary>Every partnership of the mailbox, or of every mailbox when null, ordered by mailbox then DeviceId.</summary>
    ValueTask<IReadOnlyList<DevicePartnership>> ListDevicesAsync(MailboxId? mailbox = null, CancellationToken ct = default);

    /// <summary>
    /// Records a request from a device: creates the partnership on first contact (access <paramref name="newDeviceAccess"/>,
    /// first and last sync now), otherwise updates the device type, user agent and protocol version when they changed, and
    /// the last-sync time when it is older than a minute (so a busy device does not write on every request). Returns the
    /// partnership as stored.
    /// </summary>
    ValueTask<DevicePartnership> RecordContactAsync(MailboxId mailbox, DeviceContact contact, DeviceAccessState newDeviceAccess,
        CancellationToken ct = default);

    /// <summary>Stores what the device reported about itself (ActiveSync Settings DeviceInformation). NotFound without a partnership.</summary>
    ValueTask<DirectoryResult<DevicePartnership>> SetDeviceInformationAsync(MailboxId mailbox, string deviceId, DeviceInformation information,
        CancellationToken ct = default);

    /// <summary>
    /// Records the policy key the device holds: <paramref name="acknowledged"/> false for the temporary key of the first
    /// provisioning phase, true once the device acknowledged the policy (PolicyAppliedUtc is set). NotFound without a partnership.
    /// </summary>
    ValueTask<DirectoryResult<DevicePartnership>> SetDevicePolicyAsync(MailboxId mailbox, string deviceId, uint policyKey, bool acknowledged,
        CancellationToken ct = default);

    /// <summary>Allows, blocks or quarantines the device. NotFound without a partnership.</summary>
    ValueTask<DirectoryResult<DevicePartnership>> SetDeviceAccessAsync(MailboxId mailbox, string deviceId, DeviceAccessState access,
        CancellationToken ct = default);

    /// <summary>
    /// Moves the remote-wipe state: an administrator requests (<see cref="DeviceWipeStatus.WipePending"/> or
    /// <see cref="DeviceWipeStatus.AccountOnlyWipePending"/>, stamping WipeRequestedUtc), the server records that it sent the
    /// command, the device acknowledges (stamping WipeAcknowledgedUtc); <see cref="DeviceWipeStatus.None"/> cancels.
    /// NotFound without a partnership.
    /// </summary>
    ValueTask<DirectoryResult<DevicePartnership>> SetDeviceWipeAsync(MailboxId mailbox, string deviceId, DeviceWipeStatus status,
        CancellationToken ct = default);

    /// <summary>Removes the partnership (the device must provision again); false when there was none.</summary>
    ValueTask<bool> RemoveDeviceAsync(MailboxId mailbox, string deviceId, CancellationToken ct = default);
}
