using Bourse.Core.Ids;
using Bourse.Directory.Devices;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

// Device partnerships live in the devices table and are never cached: every read is a primary-key lookup in
// directory.db, so a wipe or block written by the bourse CLI in another process is seen by the server's very next
// request. Device writes do not drop the user cache (they change nothing it holds). A partnership belongs to a
// directory user and is removed with it (ON DELETE CASCADE).
public sealed partial class SqliteDirectory : IDeviceDirectory
{
    /// <summary>The longest DeviceId kept (MS-ASHTTP clients send at most 32 characters).</summary>
    public const int MaxDeviceIdLength = 128;

    /// <summary>The longest DeviceType kept.</summary>
    public const int MaxDeviceTypeLength = 128;

    /// <summary>The longest text a device may report about itself, and the length a request's user agent is cut to.</summary>
    public const int MaxDeviceTextLength = 1024;

    /// <summary>How stale LastSyncUtc may become before a request writes it (so a busy device does not write on every request).</summary>
    public static readonly TimeSpan DeviceLastSyncResolution = TimeSpan.FromMinutes(1);

    private const int MaxProtocolVersionLength = 16;

    private const string DeviceColumns = """
        mailbox_id, device_id, device_type, user_agent, protocol_version, model, imei, friendly_name, os, os_language,
        phone_number, mobile_operator, reported_user_agent, enable_outbound_sms, first_sync_utc, last_sync_utc, policy_key,
        policy_applied_utc, access, wipe, wipe_requested_utc, wipe_acknowledged_utc
        """;

    private const string DeviceKey = "mailbox_id = $m AND device_id_lower = $d";

    /// <inheritdoc />
    public async ValueTask<DevicePartnership?> GetDeviceAsync(MailboxId mailbox, string deviceId, CancellationToken ct = default)
    {
        if (!IsValidDeviceId(deviceId))
            return null;
        await using var c = await OpenAsync(ct);
        return await ReadDeviceAsync(c, null, mailbox, deviceId, ct);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DevicePartnership>> ListDevicesAsync(MailboxId? mailbox = null, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        var where = mailbox is null ? "" : "WHERE mailbox_id = $m";
        await using var cmd = c.Sql($"SELECT {DeviceColumns} FROM devices {where} ORDER BY mailbox_id, device_id_lower;", null,
            ("$m", mailbox?.ToString()));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var devices = new List<DevicePartnership>();
        while (await r.ReadAsync(ct))
            devices.Add(ReadDevice(r));
        return devices;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A null user agent or protocol version (a request without them) keeps the stored one; a user agent longer than
    /// <see cref="MaxDeviceTextLength"/> is cut. The common case — a known device, nothing changed, last sync less than
    /// <see cref="DeviceLastSyncResolution"/> ago — is one read and no write.
    /// </remarks>
    /// <exception cref="ArgumentException">The DeviceId or DeviceType is empty, too long or has control characters or spaces (the request parser admits none of these).</exception>
    /// <exception cref="InvalidOperationException">No directory user has the mailbox (for example it was removed a moment ago).</exception>
    public async ValueTask<DevicePartnership> RecordContactAsync(MailboxId mailbox, DeviceContact contact, DeviceAccessState newDeviceAccess,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (!IsValidDeviceId(contact.DeviceId))
            throw new ArgumentException($"A DeviceId must be 1-{MaxDeviceIdLength} printable ASCII characters without spaces.", nameof(contact));
        if (!IsValidDeviceType(contact.DeviceType))
            throw new ArgumentException($"A DeviceType must be 1-{MaxDeviceTypeLength} printable ASCII characters without spaces.", nameof(contact));
        if (!Enum.IsDefined(newDeviceAccess))
            throw new ArgumentOutOfRangeException(nameof(newDeviceAccess));
        var userAgent = Cut(contact.UserAgent, MaxDeviceTextLength);
        var protocolVersion = Cut(contact.ProtocolVersion, MaxProtocolVersionLength);
        var now = _options.TimeProvider.GetUtcNow().UtcDateTime;

        await using var c = await OpenAsync(ct);
        var known = await ReadDeviceAsync(c, null, mailbox, contact.DeviceId, ct);
        if (known is not null && known.DeviceType == contact.DeviceType
            && (userAgent is null || userAgent == known.UserAgent)
            && (protocolVersion is null || protocolVersion == known.ProtocolVersion)
            && (now - known.LastSyncUtc).Duration() < DeviceLastSyncResolution)
        {
            return known;
        }

        // Upsert rather than insert-or-update: another request or process may have created or changed the row since the read.
        await using var tx = c.BeginTransaction(deferred: false);
        DevicePartnership stored;
        try
        {
            await using var cmd = c.Sql($"""
                INSERT INTO devices(mailbox_id, device_id_lower, device_id, device_type, user_agent, protocol_version,
                                    first_sync_utc, last_sync_utc, access, wipe)
                VALUES ($m, $d, $id, $type, $ua, $v, $now, $now, $access, 0)
                ON CONFLICT(mailbox_id, device_id_lower) DO UPDATE SET
                    device_type = excluded.device_type,
                    user_agent = coalesce(excluded.user_agent, user_agent),
                    protocol_version = coalesce(excluded.protocol_version, protocol_version),
                    last_sync_utc = excluded.last_sync_utc
                RETURNING {DeviceColumns};
                """, tx,
                ("$m", mailbox.ToString()), ("$d", DeviceIdKey(contact.DeviceId)), ("$id", contact.DeviceId), ("$type", contact.DeviceType),
                ("$ua", userAgent), ("$v", protocolVersion), ("$now", now.Ticks), ("$access", (int)newDeviceAccess));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            stored = ReadDevice(r);
        }
        catch (SqliteException e) when (IsConstraintViolation(e))
        {
            throw new InvalidOperationException("No directory user has this mailbox; a device partnership needs one.", e);
        }

        await tx.CommitAsync(ct);
        return stored;
    }

    /// <inheritdoc />
    /// <remarks>InvalidArgument when a member is longer than <see cref="MaxDeviceTextLength"/> characters.</remarks>
    public async ValueTask<DirectoryResult<DevicePartnership>> SetDeviceInformationAsync(MailboxId mailbox, string deviceId,
        DeviceInformation information, CancellationToken ct = default)
    {
        if (information is null)
            return Fail<DevicePartnership>(DirectoryError.InvalidArgument, "No device information was given.");
        string?[] texts =
        [
            information.Model, information.Imei, information.FriendlyName, information.OperatingSystem, information.OperatingSystemLanguage,
            information.PhoneNumber, information.MobileOperator, information.UserAgent,
        ];
        if (texts.Any(t => t?.Length > MaxDeviceTextLength))
            return Fail<DevicePartnership>(DirectoryError.InvalidArgument, $"Device information is limited to {MaxDeviceTextLength} characters a field.");
        int? sms = information.EnableOutboundSms is { } enable ? (enable ? 1 : 0) : null;
        return await UpdateDeviceAsync(mailbox, deviceId, """
            model = coalesce($model, model), imei = coalesce($imei, imei), friendly_name = coalesce($name, friendly_name),
            os = coalesce($os, os), os_language = coalesce($lang, os_language), phone_number = coalesce($phone, phone_number),
            mobile_operator = coalesce($operator, mobile_operator), reported_user_agent = coalesce($ua, reported_user_agent),
            enable_outbound_sms = coalesce($sms, enable_outbound_sms)
            """, ct,
            ("$model", information.Model), ("$imei", information.Imei), ("$name", information.FriendlyName), ("$os", information.OperatingSystem),
            ("$lang", information.OperatingSystemLanguage), ("$phone", information.PhoneNumber), ("$operator", information.MobileOperator),
            ("$ua", information.UserAgent), ("$sms", sms));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Acknowledging the key the device already acknowledged keeps the first PolicyAppliedUtc. InvalidArgument for
    /// policy key 0, which MS-ASPROV reserves for "no policy".
    /// </remarks>
    public async ValueTask<DirectoryResult<DevicePartnership>> SetDevicePolicyAsync(MailboxId mailbox, string deviceId, uint policyKey,
        bool acknowledged, CancellationToken ct = default)
    {
        // MS-ASPROV 2.2.2.42: PolicyKey 0 means the device holds no policy; it is never issued.
        if (policyKey == 0)
            return Fail<DevicePartnership>(DirectoryError.InvalidArgument, "Policy key 0 means no policy and cannot be issued.");
        var now = _options.TimeProvider.GetUtcNow().UtcDateTime;
        return await UpdateDeviceAsync(mailbox, deviceId, """
            policy_applied_utc = CASE
                WHEN $ack = 0 THEN NULL
                WHEN policy_key = $k AND policy_applied_utc IS NOT NULL THEN policy_applied_utc
                ELSE $now END,
            policy_key = $k
            """, ct,
            ("$k", (long)policyKey), ("$ack", acknowledged ? 1 : 0), ("$now", now.Ticks));
    }

    /// <inheritdoc />
    public async ValueTask<DirectoryResult<DevicePartnership>> SetDeviceAccessAsync(MailboxId mailbox, string deviceId, DeviceAccessState access,
        CancellationToken ct = default)
    {
        if (!Enum.IsDefined(access))
            return Fail<DevicePartnership>(DirectoryError.InvalidArgument, "Unknown device access state.");
        return await UpdateDeviceAsync(mailbox, deviceId, "access = $a", ct, ("$a", (int)access));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The moves allowed (anything else is InvalidArgument and changes nothing):
    /// <list type="bullet">
    /// <item>a request (full or account-only Pending) from None, or from a pending or sent wipe of the other kind, which it
    /// replaces (WipeRequestedUtc is stamped again); the same kind already pending or sent is left as it is;</item>
    /// <item>Sent from Pending of the same kind;</item>
    /// <item>Acknowledged from Pending or Sent of the same kind (the device may answer a directive whose sending was not recorded);</item>
    /// <item>None (cancel) from None, Pending or Sent, clearing both timestamps. A wiped device (Acknowledged) cannot be
    /// cancelled or wiped again: it stays refused until its partnership is removed.</item>
    /// </list>
    /// Asking for the state the device is already in succeeds and changes nothing.
    /// </remarks>
    public async ValueTask<DirectoryResult<DevicePartnership>> SetDeviceWipeAsync(MailboxId mailbox, string deviceId, DeviceWipeStatus status,
        CancellationToken ct = default)
    {
        if (!Enum.IsDefined(status))
            return Fail<DevicePartnership>(DirectoryError.InvalidArgument, "Unknown wipe status.");
        if (!IsValidDeviceId(deviceId))
            return NoDevice();
        var now = _options.TimeProvider.GetUtcNow().UtcDateTime;

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await ReadDeviceAsync(c, tx, mailbox, deviceId, ct) is not { } device)
            return NoDevice();
        var refusal = WipeRefusal(device.Wipe, status);
        if (refusal is not null)
            return Fail<DevicePartnership>(DirectoryError.InvalidArgument, refusal);
        if (device.Wipe == status || (IsRequest(status) && WipeKind(device.Wipe) == WipeKind(status)))
            return device;

        var (requested, acknowledged) = status switch
        {
            DeviceWipeStatus.None => ((DateTime?)null, (DateTime?)null),
            DeviceWipeStatus.WipePending or DeviceWipeStatus.AccountOnlyWipePending => (now, null),
            DeviceWipeStatus.WipeSent or DeviceWipeStatus.AccountOnlyWipeSent => (device.WipeRequestedUtc, null),
            _ => (device.WipeRequestedUtc, now),
        };
        await using (var cmd = c.Sql($"UPDATE devices SET wipe = $w, wipe_requested_utc = $req, wipe_acknowledged_utc = $ack WHERE {DeviceKey} RETURNING {DeviceColumns};", tx,
            ("$w", (int)status), ("$req", requested?.Ticks), ("$ack", acknowledged?.Ticks),
            ("$m", mailbox.ToString()), ("$d", DeviceIdKey(deviceId))))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            device = ReadDevice(r);
        }

        await tx.CommitAsync(ct);
        return device;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RemoveDeviceAsync(MailboxId mailbox, string deviceId, CancellationToken ct = default)
    {
        if (!IsValidDeviceId(deviceId))
            return false;
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        var removed = await c.ExecuteAsync(tx, $"DELETE FROM devices WHERE {DeviceKey};", ct,
            ("$m", mailbox.ToString()), ("$d", DeviceIdKey(deviceId)));
        await tx.CommitAsync(ct);
        return removed > 0;
    }

    /// <summary>Why the wipe state cannot move from <paramref name="from"/> to <paramref name="to"/>, or null when it can.</summary>
    private static string? WipeRefusal(DeviceWipeStatus from, DeviceWipeStatus to)
    {
        if (from == to)
            return null;
        if (IsAcknowledged(from))
            return "The device has already been wiped; remove its partnership instead.";
        return to switch
        {
            DeviceWipeStatus.None or DeviceWipeStatus.WipePending or DeviceWipeStatus.AccountOnlyWipePending => null,
            DeviceWipeStatus.WipeSent or DeviceWipeStatus.AccountOnlyWipeSent when IsRequest(from) && WipeKind(from) == WipeKind(to) => null,
            DeviceWipeStatus.WipeAcknowledged or DeviceWipeStatus.AccountOnlyWipeAcknowledged when WipeKind(from) == WipeKind(to) => null,
            _ => $"No {(WipeKind(to) == DeviceWipeStatus.AccountOnlyWipePending ? "account-only " : "")}wipe is pending for the device.",
        };
    }

    /// <summary>The request that starts a wipe of this kind (WipePending or AccountOnlyWipePending), or None.</summary>
    private static DeviceWipeStatus WipeKind(DeviceWipeStatus status) => status switch
    {
        DeviceWipeStatus.WipePending or DeviceWipeStatus.WipeSent or DeviceWipeStatus.WipeAcknowledged => DeviceWipeStatus.WipePending,
        DeviceWipeStatus.AccountOnlyWipePending or DeviceWipeStatus.AccountOnlyWipeSent or DeviceWipeStatus.AccountOnlyWipeAcknowledged =>
            DeviceWipeStatus.AccountOnlyWipePending,
        _ => DeviceWipeStatus.None,
    };

    private static bool IsRequest(DeviceWipeStatus status) => status is DeviceWipeStatus.WipePending or DeviceWipeStatus.AccountOnlyWipePending;

    private static bool IsAcknowledged(DeviceWipeStatus status) =>
        status is DeviceWipeStatus.WipeAcknowledged or DeviceWipeStatus.AccountOnlyWipeAcknowledged;

    /// <summary>One UPDATE of a partnership in an IMMEDIATE transaction; NotFound when there is none.</summary>
    private async Task<DirectoryResult<DevicePartnership>> UpdateDeviceAsync(MailboxId mailbox, string deviceId, string assignments,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        if (!IsValidDeviceId(deviceId))
            return NoDevice();
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        DevicePartnership device;
        await using (var cmd = c.Sql($"UPDATE devices SET {assignments} WHERE {DeviceKey} RETURNING {DeviceColumns};", tx,
            [.. parameters, ("$m", mailbox.ToString()), ("$d", DeviceIdKey(deviceId))]))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct))
                return NoDevice();
            device = ReadDevice(r);
        }

        await tx.CommitAsync(ct);
        return device;
    }

    private static async Task<DevicePartnership?> ReadDeviceAsync(SqliteConnection c, SqliteTransaction? tx, MailboxId mailbox, string deviceId,
        CancellationToken ct)
    {
        await using var cmd = c.Sql($"SELECT {DeviceColumns} FROM devices WHERE {DeviceKey};", tx,
            ("$m", mailbox.ToString()), ("$d", DeviceIdKey(deviceId)));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadDevice(r) : null;
    }

    private static DevicePartnership ReadDevice(SqliteDataReader r) => new()
    {
        Mailbox = ParseMailboxId(r.GetString(0)),
        DeviceId = r.GetString(1),
        DeviceType = r.GetString(2),
        UserAgent = NullableString(r, 3),
        ProtocolVersion = NullableString(r, 4),
        Information = new DeviceInformation
        {
            Model = NullableString(r, 5),
            Imei = NullableString(r, 6),
            FriendlyName = NullableString(r, 7),
            OperatingSystem = NullableString(r, 8),
            OperatingSystemLanguage = NullableString(r, 9),
            PhoneNumber = NullableString(r, 10),
            MobileOperator = NullableString(r, 11),
            UserAgent = NullableString(r, 12),
            EnableOutboundSms = r.IsDBNull(13) ? null : r.GetInt64(13) != 0,
        },
        FirstSyncUtc = FromTicks(r.GetInt64(14)),
        LastSyncUtc = FromTicks(r.GetInt64(15)),
        PolicyKey = r.IsDBNull(16) ? null : (uint)r.GetInt64(16),
        PolicyAppliedUtc = NullableTime(r, 17),
        Access = (DeviceAccessState)r.GetInt32(18),
        Wipe = (DeviceWipeStatus)r.GetInt32(19),
        WipeRequestedUtc = NullableTime(r, 20),
        WipeAcknowledgedUtc = NullableTime(r, 21),
    };

    private static string? NullableString(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static DateTime? NullableTime(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : FromTicks(r.GetInt64(ordinal));

    private static DirectoryResult<DevicePartnership> NoDevice() =>
        Fail<DevicePartnership>(DirectoryError.NotFound, "The mailbox has no partnership with this device.");

    /// <summary>DeviceIds compare case-insensitively; they are ASCII, so invariant lower case is the key.</summary>
    private static string DeviceIdKey(string deviceId) => deviceId.ToLowerInvariant();

    private static bool IsValidDeviceId(string? deviceId) => IsPrintableToken(deviceId, MaxDeviceIdLength);

    private static bool IsValidDeviceType(string? deviceType) => IsPrintableToken(deviceType, MaxDeviceTypeLength);

    private static bool IsPrintableToken(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text) || text.Length > maxLength)
            return false;
        foreach (var ch in text)
        {
            if (ch is <= ' ' or > '~')
                return false;
        }

        return true;
    }

    private static string? Cut(string? text, int maxLength) => text is null || text.Length <= maxLength ? text : text[..maxLength];
}
