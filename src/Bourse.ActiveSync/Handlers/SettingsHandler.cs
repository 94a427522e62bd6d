using Bourse.Mailbox.Settings;
using System.Globalization;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Directory.Devices;
using Bourse.Storage;
using Microsoft.Extensions.Options;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Settings (MS-ASCMD 2.2.1.18): Out-of-Office Get/Set (kept per mailbox in <see cref="OofSettings.StateKey"/>), the
/// device's recovery password (DevicePassword Set), what the device tells about itself (DeviceInformation Set, stored in
/// the partnership), the user's addresses (UserInformation Get) and the rights-management templates (none). Each part
/// carries its own Status; the top-level Status says whether the request as a whole could be read.
/// </summary>
internal sealed class SettingsHandler(IMailStore store, IDeviceDirectory devices, IOptions<ActiveSyncOptions> options) : IEasCommandHandler
{
    private const string Ns = "Settings";

    /// The longest recovery password kept: MS-ASCMD Password (Settings) allows at most 255 characters; longer is Status 5.
    private const int MaxPasswordLength = 255;

    /// The longest OOF reply kept (Exchange caps the reply at 128 KB).
    private const int MaxReplyLength = 128 * 1024;

    public EasCommand Command => EasCommand.Settings;

    /// <summary>The store state that holds a device's recovery password (outside the device's sync-state prefix, which FolderSync 0 clears).</summary>
    internal static string RecoveryPasswordKey(string deviceKey) => $"eas-recovery-password/{deviceKey}";

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var response = new WbxmlElement(Ns, "Settings", new WbxmlElement(Ns, "Status", "1"));
        var any = false;
        foreach (var part in request.Children)
        {
            if (part.Namespace != Ns)
                continue;
            WbxmlElement? answer = part.Name switch
            {
                "Oof" => await OofAsync(context, part, ct),
                "DeviceInformation" => await DeviceInformationAsync(context, part, ct),
                "DevicePassword" => await DevicePasswordAsync(context, part, ct),
                "UserInformation" => UserInformation(context, part),
                "RightsManagementInformation" => RightsManagementInformation(context, part),
                _ => null,
            };
            if (answer is not null)
            {
                response.Add(answer);
                any = true;
            }
        }

        // MS-ASCMD 2.2.3.177.15: 2, protocol error, when the request holds nothing the command knows.
        if (!any)
            response.Children[0].Text = SettingsStatus.ProtocolError.ToString(CultureInfo.InvariantCulture);
        return new EasResult.Document(response);
    }

    // ---- Oof (MS-ASCMD 2.2.3.122) ---------------------------------------------------------------------------------------

    private async ValueTask<WbxmlElement> OofAsync(EasRequestContext context, WbxmlElement oof, CancellationToken ct)
    {
        if (oof.Element(Ns, "Get") is { } get)
        {
            // MS-ASCMD 2.2.3.17: BodyType is required in an Oof Get and is Text or HTML.
            if (!TryBodyType(get.Element(Ns, "BodyType")?.Text, out var html))
                return Part("Oof", SettingsStatus.ProtocolError);
            var current = OofSettings.Read(await store.GetStateAsync(context.Mailbox, OofSettings.StateKey, ct));
            return Part("Oof", 1).Add(RenderOof(current, html));
        }

        if (oof.Element(Ns, "Set") is not { } set)
            return Part("Oof", SettingsStatus.ProtocolError);

        var stored = OofSettings.Read(await store.GetStateAsync(context.Mailbox, OofSettings.StateKey, ct));
        var (updated, status) = ApplyOofSet(stored, set);
        if (updated is null)
            return Part("Oof", status);
        var saved = await store.SetStateAsync(context.Mailbox, OofSettings.StateKey, updated.Write(), ct);
        return Part("Oof", saved.IsSuccess ? 1 : SettingsStatus.ServerUnavailable);
    }

    /// The settings after an Oof Set, or the status that refuses it: 2 for a StartTime without EndTime or the reverse, 5 for a
    /// value out of range, 6 when the window's end is not after its start or the two external audiences would get
    /// different replies (MS-ASCMD 2.2.3.177.15).
    internal static (OofSettings? Updated, int Status) ApplyOofSet(OofSettings stored, WbxmlElement set)
    {
        var result = stored;
        if (set.Element(Ns, "OofState")?.Text is { } stateText)
        {
            if (!int.TryParse(stateText, NumberStyles.None, CultureInfo.InvariantCulture, out var state) || state is < 0 or > 2)
                return (null, SettingsStatus.InvalidArguments);
            result = result with { State = state };
        }

        var startText = set.Element(Ns, "StartTime")?.Text;
        var endText = set.Element(Ns, "EndTime")?.Text;
        if (startText is not null || endText is not null)
        {
            // MS-ASCMD 2.2.3.176.2: both or neither; one without the other is Status 2.
            if (startText is null || endText is null)
                return (null, SettingsStatus.ProtocolError);
            if (!EasDateTime.TryParse(startText, out var start) || !EasDateTime.TryParse(endText, out var end))
                return (null, SettingsStatus.InvalidArguments);
            if (end <= start)
                return (null, SettingsStatus.ConflictingArguments);
            // MS-ASCMD 2.2.3.124: with an OofState other than 2 the request succeeds but the window is not stored.
            if (result.State == 2)
                result = result with { StartUtc = start, EndUtc = end };
        }

        // MS-ASCMD 2.2.3.124: OofState 2 is OOF for the StartTime–EndTime window. Setting it without a window keeps the one
        // stored; with none stored it is accepted as Exchange does (the replies then apply until it is turned off).

        foreach (var message in set.Children.Where(c => c.Namespace == Ns && c.Name == "OofMessage"))
        {
            var audiences = message.Children.Where(c => c.Namespace == Ns && c.Name.StartsWith("AppliesTo", StringComparison.Ordinal)).ToList();
            if (audiences.Count != 1 || audiences[0].Name is not ("AppliesToInternal" or "AppliesToExternalKnown" or "AppliesToExternalUnknown"))
                return (null, SettingsStatus.InvalidArguments);
            var audience = audiences[0].Name;
            var previous = audience switch
            {
                "AppliesToInternal" => result.Internal,
                "AppliesToExternalKnown" => result.ExternalKnown,
                _ => result.ExternalUnknown,
            };

            var enabledText = message.Element(Ns, "Enabled")?.Text;
            var reply = message.Element(Ns, "ReplyMessage")?.Text;
            var bodyType = message.Element(Ns, "BodyType")?.Text;
            if (enabledText is not (null or "0" or "1"))
                return (null, SettingsStatus.InvalidArguments);
            var isHtml = previous?.IsHtml ?? false;
            if (reply is not null)
            {
                // MS-ASCMD 2.2.3.17: BodyType is required with a ReplyMessage.
                if (!TryBodyType(bodyType, out isHtml) || reply.Length > MaxReplyLength)
                    return (null, SettingsStatus.InvalidArguments);
            }

            var updated = new OofReply
            {
                Enabled = enabledText is null ? previous?.Enabled ?? false : enabledText == "1",
                Message = reply ?? previous?.Message,
                IsHtml = isHtml,
            };
            result = audience switch
            {
                "AppliesToInternal" => result with { Internal = updated },
                "AppliesToExternalKnown" => result with { ExternalKnown = updated },
                _ => result with { ExternalUnknown = updated },
            };
        }

        // Known and unknown external senders share one external reply (as EWS keeps it, and Exchange requires): both enabled with
        // different messages is a conflict.
        if (result.ExternalKnown is { Enabled: true } known && result.ExternalUnknown is { Enabled: true } unknown &&
            !string.Equals(known.Message, unknown.Message, StringComparison.Ordinal))
        {
            return (null, SettingsStatus.ConflictingArguments);
        }

        return (result, 1);
    }

    private static WbxmlElement RenderOof(OofSettings oof, bool html)
    {
        var get = new WbxmlElement(Ns, "Get", new WbxmlElement(Ns, "OofState", oof.State.ToString(CultureInfo.InvariantCulture)));
        if (oof.State == 2 && oof.StartUtc is { } start && oof.EndUtc is { } end)
        {
            get.Add(new WbxmlElement(Ns, "StartTime", EasDateTime.FormatLong(start)));
            get.Add(new WbxmlElement(Ns, "EndTime", EasDateTime.FormatLong(end)));
        }

        get.Add(OofMessage("AppliesToInternal", oof.Internal, html));
        get.Add(OofMessage("AppliesToExternalKnown", oof.ExternalKnown, html));
        get.Add(OofMessage("AppliesToExternalUnknown", oof.ExternalUnknown, html));
        return get;
    }

    private static WbxmlElement OofMessage(string audience, OofReply? message, bool html)
    {
        var element = new WbxmlElement(Ns, "OofMessage", new WbxmlElement(Ns, audience),
            new WbxmlElement(Ns, "Enabled", message?.Enabled == true ? "1" : "0"));
        if (message?.Message is { } text)
        {
            // The reply in the form the device asked for (MS-ASCMD 2.2.3.17), converted when it was written in the other.
            var body = html == message.IsHtml ? text : html ? BodyRenderer.PlainToHtml(text) : BodyRenderer.HtmlToPlain(text);
            element.Add(new WbxmlElement(Ns, "ReplyMessage", body.Replace("\0", "", StringComparison.Ordinal)));
            element.Add(new WbxmlElement(Ns, "BodyType", html ? "HTML" : "Text"));
        }

        return element;
    }

    private static bool TryBodyType(string? text, out bool html)
    {
        html = string.Equals(text, "HTML", StringComparison.OrdinalIgnoreCase);
        return html || string.Equals(text, "Text", StringComparison.OrdinalIgnoreCase);
    }

    // ---- DeviceInformation (MS-ASCMD 2.2.3.45) --------------------------------------------------------------------------

    private async ValueTask<WbxmlElement> DeviceInformationAsync(EasRequestContext context, WbxmlElement part, CancellationToken ct)
    {
        if (DeviceInformationReader.Read(part) is not { } information)
            return Part("DeviceInformation", SettingsStatus.ProtocolError);
        var stored = await devices.SetDeviceInformationAsync(context.Mailbox, context.Device.DeviceId, information, ct);
        return Part("DeviceInformation", stored.IsSuccess ? 1 : SettingsStatus.ServerUnavailable);
    }

    // ---- DevicePassword (MS-ASCMD 2.2.3.46) -----------------------------------------------------------------------------

    /// <summary>
    /// The recovery password a device sends when the policy enables password recovery (MS-ASPROV PasswordRecoveryEnabled),
    /// kept as sent — an administrator must be able to read it back to the user — in the mailbox state
    /// <see cref="RecoveryPasswordKey"/>. A policy without password recovery refuses it (7, denied by policy).
    /// </summary>
    private async ValueTask<WbxmlElement> DevicePasswordAsync(EasRequestContext context, WbxmlElement part, CancellationToken ct)
    {
        if (part.Element(Ns, "Set")?.Element(Ns, "Password") is not { } password)
            return Part("DevicePassword", SettingsStatus.ProtocolError);
        var text = password.Text ?? "";
        if (text.Length > MaxPasswordLength)
            return Part("DevicePassword", SettingsStatus.InvalidArguments);
        if (!options.Value.Policy.PasswordRecoveryEnabled)
            return Part("DevicePassword", SettingsStatus.DeniedByPolicy);
        // An empty Password removes the recovery password.
        var saved = await store.SetStateAsync(context.Mailbox, RecoveryPasswordKey(context.DeviceKey),
            text.Length == 0 ? null : Encoding.UTF8.GetBytes(text), ct);
        return Part("DevicePassword", saved.IsSuccess ? 1 : SettingsStatus.ServerUnavailable);
    }

    // ---- UserInformation (MS-ASCMD 2.2.3.192) ---------------------------------------------------------------------------

    private static WbxmlElement UserInformation(EasRequestContext context, WbxmlElement part)
    {
        if (part.Element(Ns, "Get") is null)
            return Part("UserInformation", SettingsStatus.ProtocolError);
        var user = context.User;
        var addresses = new List<string> { user.PrimarySmtpAddress };
        addresses.AddRange(user.Aliases.Where(a => !string.Equals(a, user.PrimarySmtpAddress, StringComparison.OrdinalIgnoreCase)));
        var emailAddresses = new WbxmlElement(Ns, "EmailAddresses");
        foreach (var a in addresses)
            emailAddresses.Add(new WbxmlElement(Ns, "SMTPAddress", a));

        var get = new WbxmlElement(Ns, "Get");
        if (context.Version >= EasProtocolVersion.V14_1)
        {
            // MS-ASCMD 2.2.3.138 (14.1+): the accounts with their primary address; the primary account has no AccountId.
            emailAddresses.Add(new WbxmlElement(Ns, "PrimarySmtpAddress", user.PrimarySmtpAddress));
            get.Add(new WbxmlElement(Ns, "Accounts", new WbxmlElement(Ns, "Account",
                new WbxmlElement(Ns, "AccountName", user.PrimarySmtpAddress),
                new WbxmlElement(Ns, "UserDisplayName", user.DisplayName),
                emailAddresses)));
        }
        else
        {
            // 12.1 and 14.0: the addresses straight under Get.
            get.Add(emailAddresses);
        }

        return Part("UserInformation", 1).Add(get);
    }

    // ---- RightsManagementInformation (MS-ASCMD 2.2.3.156, 14.1+) ------------------------------------------------------

    private static WbxmlElement RightsManagementInformation(EasRequestContext context, WbxmlElement part)
    {
        if (part.Element(Ns, "Get") is null || context.Version < EasProtocolVersion.V14_1)
            return Part("RightsManagementInformation", SettingsStatus.ProtocolError);
        // No IRM templates are configured: an empty RightsManagementTemplates (MS-ASRM).
        return Part("RightsManagementInformation", 1)
            .Add(new WbxmlElement(Ns, "Get", new WbxmlElement("RightsManagement", "RightsManagementTemplates")));
    }

    private static WbxmlElement Part(string name, int status) =>
        new(Ns, name, new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)));

    /// MS-ASCMD 2.2.3.177.15: the Settings Status values (top level and each part).
    internal static class SettingsStatus
    {
        internal const int ProtocolError = 2;
        internal const int AccessDenied = 3;
        internal const int ServerUnavailable = 4;
        internal const int InvalidArguments = 5;
        internal const int ConflictingArguments = 6;
        internal const int DeniedByPolicy = 7;
    }
}
