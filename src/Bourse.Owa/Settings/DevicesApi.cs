using Bourse.Core.Ids;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.Settings;

/// <summary>
/// The caller's own mobile devices: list, remove (the partnership and the device's ActiveSync state in the mailbox) and
/// remote wipe. Every call is scoped to the caller's mailbox, so another user's device is NotFound like a missing one.
/// </summary>
internal static class DevicesApi
{
    /// ActiveSync keeps a device's sync states under "eas/{deviceid lower-cased}/" and its recovery password beside them
    /// (Bourse.ActiveSync's EasStateStore and SettingsHandler; protocol projects do not reference each other).
    private static string SyncStatePrefix(string deviceKey) => $"eas/{deviceKey}/";

    private static string RecoveryPasswordKey(string deviceKey) => $"eas-recovery-password/{deviceKey}";

    public sealed record DeviceBody(string DeviceId, string DeviceType, string? Model, string? Os, string? UserAgent, string? ProtocolVersion,
        DateTime FirstSyncUtc, DateTime LastSyncUtc, string Access, string Wipe);

    public sealed record DeviceListBody(IReadOnlyList<DeviceBody> Items);

    public sealed record WipeBody(bool AccountOnly, bool Cancel);

    public static async Task<IResult> ListAsync(IDeviceDirectory devices, MailboxId mailbox, CancellationToken ct)
    {
        var list = await devices.ListDevicesAsync(mailbox, ct);
        return OwaJson.Ok(new DeviceListBody([.. list.Where(d => d.Mailbox == mailbox).Select(ToBody)]));
    }

    public static async Task<IResult> RemoveAsync(IDeviceDirectory devices, IMailStore store, MailboxId mailbox, string deviceId, CancellationToken ct)
    {
        if (!IsDeviceId(deviceId) || !await devices.RemoveDeviceAsync(mailbox, deviceId, ct))
            return OwaErrors.NotFound();
        var key = deviceId.ToLowerInvariant();
        await store.DeleteStatesAsync(mailbox, SyncStatePrefix(key), ct);
        await store.SetStateAsync(mailbox, RecoveryPasswordKey(key), null, ct);
        return OwaNoContent.Instance;
    }

    public static async Task<IResult> WipeAsync(HttpContext context, IDeviceDirectory devices, MailboxId mailbox, string deviceId)
    {
        var (body, error) = await OwaJson.ReadAsync<WipeBody>(context);
        if (error is not null)
            return error;
        if (!IsDeviceId(deviceId))
            return OwaErrors.NotFound();
        var status = body!.Cancel ? DeviceWipeStatus.None : body.AccountOnly ? DeviceWipeStatus.AccountOnlyWipePending : DeviceWipeStatus.WipePending;
        var result = await devices.SetDeviceWipeAsync(mailbox, deviceId, status, context.RequestAborted);
        return result.Error switch
        {
            DirectoryError.None => OwaNoContent.Instance,
            DirectoryError.NotFound => OwaErrors.NotFound(),
            // A wiped device cannot be wiped again or have its wipe cancelled; remove it instead.
            _ => OwaErrors.Conflict("Conflict", "The device's wipe cannot change now."),
        };
    }

    /// MS-ASHTTP 2.2.1.1.1.2.3: a DeviceId is letters and digits (Bourse accepts up to 64).
    private static bool IsDeviceId(string id) => id.Length is > 0 and <= 64 && id.All(char.IsAsciiLetterOrDigit);

    private static DeviceBody ToBody(DevicePartnership d) => new(d.DeviceId, d.DeviceType, d.Information.Model ?? d.Information.FriendlyName,
        d.Information.OperatingSystem, d.UserAgent ?? d.Information.UserAgent, d.ProtocolVersion, d.FirstSyncUtc, d.LastSyncUtc,
        d.Access switch { DeviceAccessState.Blocked => "blocked", DeviceAccessState.Quarantined => "quarantined", _ => "allowed" },
        d.Wipe switch
        {
            DeviceWipeStatus.WipePending => "pending",
            DeviceWipeStatus.WipeSent => "sent",
            DeviceWipeStatus.WipeAcknowledged => "wiped",
            DeviceWipeStatus.AccountOnlyWipePending => "accountOnlyPending",
            DeviceWipeStatus.AccountOnlyWipeSent => "accountOnlySent",
            DeviceWipeStatus.AccountOnlyWipeAcknowledged => "accountOnlyWiped",
            _ => "none",
        });
}
