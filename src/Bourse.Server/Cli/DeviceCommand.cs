using System.CommandLine;
using System.Globalization;
using System.Text;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Server.Data;
using Spectre.Console;

namespace Bourse.Server.Cli;

/// <summary>
/// <c>bourse device list|wipe|block|allow|quarantine|remove</c>: mobile device (ActiveSync) partnerships. The server reads
/// partnerships straight from the directory on every request, so a change made here applies to the device's next request.
/// </summary>
internal static class DeviceCommand
{
    private const int MaxCellLength = 48;

    public static Command Create()
    {
        var command = new Command("device", "List mobile devices (ActiveSync partnerships); wipe, block, allow, quarantine or remove one.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateWipe());
        command.Subcommands.Add(CreateAccess("block", "Block a device: it may no longer sync this mailbox.", DeviceAccessState.Blocked, "Blocked"));
        command.Subcommands.Add(CreateAccess("allow", "Allow a device to sync this mailbox (ends a block or quarantine).", DeviceAccessState.Allowed, "Allowed"));
        command.Subcommands.Add(CreateAccess("quarantine", "Quarantine a device: it stays connected but syncs nothing until allowed.",
            DeviceAccessState.Quarantined, "Quarantined"));
        command.Subcommands.Add(CreateRemove());
        return command;
    }

    private static Argument<string> UserArgument() => new("USER") { Description = "Any address or login of the device's user." };

    private static Argument<string> DeviceIdArgument() => new("DEVICEID") { Description = "The device's ActiveSync DeviceId (any case), as 'bourse device list' shows it." };

    private static Command CreateList()
    {
        var user = new Argument<string?>("USER")
        {
            Description = "Only this user's devices (any address or login); all users' when left out.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("list", "List mobile devices with what they reported, their policy, access and wipe state.") { user };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var devices = data.Devices;
            var text = parse.GetValue(user);
            IReadOnlyList<DevicePartnership> partnerships;
            Dictionary<Bourse.Core.Ids.MailboxId, string> owners;
            if (text is null)
            {
                partnerships = await devices.ListDevicesAsync(null, ct);
                owners = (await data.Directory.ListUsersAsync(ct)).ToDictionary(u => u.MailboxId, u => u.PrimarySmtpAddress);
            }
            else
            {
                var (found, failure) = await FindUserAsync(data, text, ct);
                if (found is null)
                    return failure;
                partnerships = await devices.ListDevicesAsync(found.MailboxId, ct);
                owners = new() { [found.MailboxId] = found.PrimarySmtpAddress };
            }

            if (partnerships.Count == 0)
            {
                CliOutput.Line(text is null
                    ? "No mobile devices yet; a device is listed after its first ActiveSync request."
                    : $"{owners.Values.Single()} has no mobile devices.");
                return null;
            }

            var table = new Table().AddColumns("User", "Device ID", "Type", "Model", "OS", "User agent", "Protocol",
                "First sync (UTC)", "Last sync (UTC)", "Policy", "Access", "Wipe");
            var rows = partnerships
                .Select(d => (Owner: owners.GetValueOrDefault(d.Mailbox) ?? d.Mailbox.ToString(), Device: d))
                .OrderBy(r => r.Owner, StringComparer.OrdinalIgnoreCase)
                .ThenBy(r => r.Device.DeviceId, StringComparer.OrdinalIgnoreCase);
            foreach (var (owner, device) in rows)
            {
                table.AddRow(
                    Cell(owner),
                    Cell(device.DeviceId),
                    Cell(device.DeviceType),
                    Cell(device.Information.Model),
                    Cell(device.Information.OperatingSystem),
                    Cell(device.UserAgent ?? device.Information.UserAgent),
                    Cell(device.ProtocolVersion),
                    Cell(Time(device.FirstSyncUtc)),
                    Cell(Time(device.LastSyncUtc)),
                    Cell(PolicyName(device)),
                    Cell(AccessName(device.Access)),
                    Cell(WipeName(device.Wipe)));
            }
            CliOutput.Console.Write(table);
            return null;
        }));
        return command;
    }

    private static Command CreateWipe()
    {
        var user = UserArgument();
        var deviceId = DeviceIdArgument();
        var accountOnly = new Option<bool>("--account-only")
        {
            Description = "Remove only this mailbox's data from the device (account-only remote wipe, EAS 16.0 and later) instead of erasing it.",
        };
        var cancel = new Option<bool>("--cancel") { Description = "Cancel a remote wipe that has not been acknowledged yet." };
        var command = new Command("wipe", "Request a remote wipe of a device; it happens on the device's next sync.") { user, deviceId, accountOnly, cancel };
        command.Validators.Add(result =>
        {
            if (result.GetValue(accountOnly) && result.GetValue(cancel))
                result.AddError("--account-only and --cancel cannot be used together.");
        });
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var (target, failure) = await FindDeviceAsync(data, parse.GetValue(user)!, parse.GetValue(deviceId)!, ct);
            if (target is null)
                return failure;
            var (devices, owner, device) = target.Value;
            var name = $"device {Printable(device.DeviceId)} of {owner.PrimarySmtpAddress}";

            if (parse.GetValue(cancel))
            {
                if (device.Wipe == DeviceWipeStatus.None)
                {
                    CliOutput.Line($"No remote wipe is pending for {name}.");
                    return null;
                }
                // A wiped device cannot be cancelled: the directory refuses, and the message says to remove it instead.
                var cancelled = await devices.SetDeviceWipeAsync(owner.MailboxId, device.DeviceId, DeviceWipeStatus.None, ct);
                if (!cancelled.IsSuccess)
                    return DirectoryMessages.Failure(cancelled, $"the {name}");
                CliOutput.Line(device.Wipe is DeviceWipeStatus.WipeSent or DeviceWipeStatus.AccountOnlyWipeSent
                    ? $"Cancelled the remote wipe of {name}; the wipe command had already been sent to the device, which may still act on it."
                    : $"Cancelled the remote wipe of {name}.");
                return null;
            }

            var request = parse.GetValue(accountOnly) ? DeviceWipeStatus.AccountOnlyWipePending : DeviceWipeStatus.WipePending;
            var kind = request == DeviceWipeStatus.AccountOnlyWipePending ? "an account-only wipe" : "a full remote wipe";
            var result = await devices.SetDeviceWipeAsync(owner.MailboxId, device.DeviceId, request, ct);
            if (!result.IsSuccess)
                return DirectoryMessages.Failure(result, $"the {name}");
            if (device.IsWipePending && result.Value.Wipe == device.Wipe)
                CliOutput.Line($"{Capitalized(kind)} of {name} was already requested at {Time(device.WipeRequestedUtc)} UTC.");
            else if (request == DeviceWipeStatus.AccountOnlyWipePending)
                CliOutput.Line($"Requested {kind} of {name}: its next sync removes this mailbox's data from it.");
            else
                CliOutput.Line($"Requested {kind} of {name}: its next sync erases the device.");
            return null;
        }));
        return command;
    }

    private static Command CreateAccess(string verb, string description, DeviceAccessState access, string done)
    {
        var user = UserArgument();
        var deviceId = DeviceIdArgument();
        var command = new Command(verb, description) { user, deviceId };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var (target, failure) = await FindDeviceAsync(data, parse.GetValue(user)!, parse.GetValue(deviceId)!, ct);
            if (target is null)
                return failure;
            var (devices, owner, device) = target.Value;
            var name = $"device {Printable(device.DeviceId)} of {owner.PrimarySmtpAddress}";
            var result = await devices.SetDeviceAccessAsync(owner.MailboxId, device.DeviceId, access, ct);
            if (!result.IsSuccess)
                return DirectoryMessages.Failure(result, $"the {name}");
            CliOutput.Line($"{done} {name}.");
            return null;
        }));
        return command;
    }

    private static Command CreateRemove()
    {
        var user = UserArgument();
        var deviceId = DeviceIdArgument();
        var command = new Command("remove", "Remove a device partnership; the device must set up the account again to sync.") { user, deviceId };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var (target, failure) = await FindDeviceAsync(data, parse.GetValue(user)!, parse.GetValue(deviceId)!, ct);
            if (target is null)
                return failure;
            var (devices, owner, device) = target.Value;
            var name = $"device {Printable(device.DeviceId)} of {owner.PrimarySmtpAddress}";
            if (!await devices.RemoveDeviceAsync(owner.MailboxId, device.DeviceId, ct))
                return new CliFailure($"{owner.PrimarySmtpAddress} has no mobile device {Printable(device.DeviceId)}.");
            // Its sync states and recovery password go with it.
            await Bourse.ActiveSync.ActiveSyncDeviceState.RemoveAsync(data.Store, owner.MailboxId, device.DeviceId, ct);
            CliOutput.Line($"Removed {name}; it must set up the account again to sync.");
            return null;
        }));
        return command;
    }

    /// <summary>The user by any login (address, UPN, DOMAIN\user) or alias.</summary>
    private static async Task<(DirectoryUser? User, CliFailure? Failure)> FindUserAsync(BourseData data, string text, CancellationToken ct)
    {
        var user = await data.Directory.FindUserByLoginAsync(text, ct) ?? await data.Directory.FindUserByAddressAsync(text, ct);
        return user is null ? (null, new CliFailure($"no user has the address or login {Printable(text)}.")) : (user, null);
    }

    private static async Task<((IDeviceDirectory Devices, DirectoryUser Owner, DevicePartnership Device)? Target, CliFailure? Failure)> FindDeviceAsync(
        BourseData data, string userText, string deviceId, CancellationToken ct)
    {
        var devices = data.Devices;
        var (user, failure) = await FindUserAsync(data, userText, ct);
        if (user is null)
            return (null, failure);
        var device = await devices.GetDeviceAsync(user.MailboxId, deviceId, ct);
        return device is null
            ? (null, new CliFailure($"{user.PrimarySmtpAddress} has no mobile device {Printable(deviceId)}."))
            : ((devices, user, device), null);
    }

    private static string PolicyName(DevicePartnership device) =>
        device.PolicyAppliedUtc is not null ? "applied" : device.PolicyKey is not null ? "temporary" : "none";

    private static string AccessName(DeviceAccessState access) => access switch
    {
        DeviceAccessState.Allowed => "allowed",
        DeviceAccessState.Blocked => "blocked",
        DeviceAccessState.Quarantined => "quarantined",
        _ => ((int)access).ToString(CultureInfo.InvariantCulture),
    };

    private static string WipeName(DeviceWipeStatus wipe) => wipe switch
    {
        DeviceWipeStatus.None => "none",
        DeviceWipeStatus.WipePending => "wipe pending",
        DeviceWipeStatus.WipeSent => "wipe sent",
        DeviceWipeStatus.WipeAcknowledged => "wiped",
        DeviceWipeStatus.AccountOnlyWipePending => "account wipe pending",
        DeviceWipeStatus.AccountOnlyWipeSent => "account wipe sent",
        DeviceWipeStatus.AccountOnlyWipeAcknowledged => "account wiped",
        _ => ((int)wipe).ToString(CultureInfo.InvariantCulture),
    };

    // Minutes: the server writes the last sync time at most once a minute.
    private static string Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A table cell of text a device chose: printable, and cut so one long user agent cannot wrap the whole table.</summary>
    private static Text Cell(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return new Text("-");
        var printable = Printable(text);
        return new Text(printable.Length <= MaxCellLength ? printable : string.Concat(printable.AsSpan(0, MaxCellLength - 1), "…"));
    }

    /// <summary>Replaces control and formatting characters (terminal escapes, bidi overrides) that a device could send to the operator's terminal.</summary>
    private static string Printable(string text)
    {
        if (!text.Any(IsUnsafe))
            return text;
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
            builder.Append(IsUnsafe(ch) ? '?' : ch);
        return builder.ToString();

        static bool IsUnsafe(char ch) => char.IsControl(ch) || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format;
    }

    private static string Capitalized(string text) => string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));
}
