using System.Globalization;
using System.Security.Cryptography;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Directory.Devices;
using Microsoft.Extensions.Options;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Provision (MS-ASPROV): the two-phase policy download and acknowledgement that gives the device its policy key, and
/// the delivery and acknowledgement of a remote wipe (full, or account-only from 16.1).
/// </summary>
internal sealed class ProvisionHandler(IDeviceDirectory devices, IOptions<ActiveSyncOptions> options) : IEasCommandHandler
{
    // MS-ASPROV 2.2.2.41: the policy type of protocol 12.0 and later.
    internal const string PolicyType = "MS-EAS-Provisioning-WBXML";
    private const string Ns = "Provision";

    public EasCommand Command => EasCommand.Provision;

    public bool AllowedBeforeProvisioning => true;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var device = context.Device;
        var response = new WbxmlElement(Ns, "Provision");

        // Remote wipe acknowledgement (MS-ASPROV 3.2.5.1.2.2): record it; a failed wipe gets the directive again.
        if ((request.Element(Ns, "RemoteWipe") ?? request.Element(Ns, "AccountOnlyRemoteWipe")) is { } ack)
        {
            var accountOnly = ack.Name == "AccountOnlyRemoteWipe";
            var ok = ack.Element(Ns, "Status")?.Text == "1";
            if (ok && device.Wipe is DeviceWipeStatus.WipeSent or DeviceWipeStatus.WipePending or DeviceWipeStatus.AccountOnlyWipeSent or DeviceWipeStatus.AccountOnlyWipePending)
            {
                await devices.SetDeviceWipeAsync(context.Mailbox, device.DeviceId,
                    accountOnly ? DeviceWipeStatus.AccountOnlyWipeAcknowledged : DeviceWipeStatus.WipeAcknowledged, ct);
                return Doc(response.Add(Status(1)));
            }

            if (!device.IsWipePending)
                return Doc(response.Add(Status(ProvisionStatus.ProtocolError)));
            return Doc(response.Add(Status(2)).Add(new WbxmlElement(Ns, accountOnly ? "AccountOnlyRemoteWipe" : "RemoteWipe")));
        }

        // A wipe is pending: whatever the device asks, the answer is the directive (MS-ASPROV 3.2.5.1.2.1).
        if (device.IsWipePending)
        {
            var accountOnly = device.Wipe is DeviceWipeStatus.AccountOnlyWipePending or DeviceWipeStatus.AccountOnlyWipeSent;
            // MS-ASPROV 2.2.2.1: AccountOnlyRemoteWipe exists from 16.1; an older device can only be wiped whole, which the
            // administrator did not ask for, so it is left refused (the gate treats it as blocked) without a directive.
            if (accountOnly && context.Version < EasProtocolVersion.V16_1)
                return Doc(response.Add(Status(ProvisionStatus.ServerError)));
            await devices.SetDeviceWipeAsync(context.Mailbox, device.DeviceId,
                accountOnly ? DeviceWipeStatus.AccountOnlyWipeSent : DeviceWipeStatus.WipeSent, ct);
            return Doc(response.Add(Status(1)).Add(new WbxmlElement(Ns, accountOnly ? "AccountOnlyRemoteWipe" : "RemoteWipe")));
        }

        if (device.Wipe is DeviceWipeStatus.WipeAcknowledged or DeviceWipeStatus.AccountOnlyWipeAcknowledged)
            return Doc(response.Add(Status(ProvisionStatus.ServerError)));

        // MS-ASPROV 3.2.5.1.1 (14.1+): device information may ride along; store it and say so.
        WbxmlElement? deviceInfoStatus = null;
        if (request.Element("Settings", "DeviceInformation") is { } info)
        {
            if (DeviceInformationReader.Read(info) is { } parsed)
                await devices.SetDeviceInformationAsync(context.Mailbox, device.DeviceId, parsed, ct);
            deviceInfoStatus = new WbxmlElement("Settings", "DeviceInformation", new WbxmlElement("Settings", "Status", "1"));
        }

        var policies = request.Element(Ns, "Policies");
        if (policies is null)
        {
            // MS-ASPROV 2.2.2.44: every child of Provision is optional, so a request with nothing to download (at most the device
            // information) succeeds with nothing to apply; any other child without Policies around it is a protocol error.
            if (request.Children.Any(c => c is not { Namespace: "Settings", Name: "DeviceInformation" }))
                return Doc(response.Add(Status(ProvisionStatus.ProtocolError)));
            response.Add(Status(1));
            if (deviceInfoStatus is not null)
                response.Add(deviceInfoStatus);
            return Doc(response);
        }

        var policy = policies.Element(Ns, "Policy");
        var type = policy?.Element(Ns, "PolicyType")?.Text;
        if (policy is null || type is null)
            return Doc(response.Add(Status(ProvisionStatus.ProtocolError)));

        response.Add(Status(1));
        if (deviceInfoStatus is not null)
            response.Add(deviceInfoStatus);
        var policyResponse = new WbxmlElement(Ns, "Policy", new WbxmlElement(Ns, "PolicyType", type));
        response.Add(new WbxmlElement(Ns, "Policies", policyResponse));
        if (type != PolicyType)
        {
            // MS-ASPROV 2.2.2.54.2: 3, unknown PolicyType value.
            policyResponse.Add(Status(3));
            return Doc(response);
        }

        var acknowledgedKey = policy.Element(Ns, "PolicyKey")?.Text;
        if (acknowledgedKey is null)
        {
            // Phase one: a temporary key and the policy document.
            var temporary = NewKey();
            await devices.SetDevicePolicyAsync(context.Mailbox, device.DeviceId, temporary, acknowledged: false, ct);
            policyResponse.Add(Status(1));
            policyResponse.Add(new WbxmlElement(Ns, "PolicyKey", temporary.ToString(CultureInfo.InvariantCulture)));
            policyResponse.Add(new WbxmlElement(Ns, "Data", PolicyDocument(options.Value.Policy)));
            return Doc(response);
        }

        // Phase two: the device acknowledges the temporary key with its status (MS-ASPROV 2.2.2.54.1: 1 applied, 2 partially
        // applied; 3 not applied, 4 managed externally). The final key is issued for 1 and 2 (Exchange's AllowNonProvisionableDevices
        // would decide the others; Bourse requires the policy).
        var clientStatus = policy.Element(Ns, "Status")?.Text;
        if (!uint.TryParse(acknowledgedKey, NumberStyles.None, CultureInfo.InvariantCulture, out var ackKey) || device.PolicyKey != ackKey)
        {
            // MS-ASPROV 2.2.2.54.2: 5, the client is acknowledging the wrong policy key.
            policyResponse.Add(Status(5));
            return Doc(response);
        }

        if (clientStatus is not ("1" or "2"))
        {
            // MS-ASPROV 3.1.5.2: 145 when the client says it is managed externally (Status 4), 139 when it cannot apply the policy.
            response.Children[0].Text = (clientStatus == "4" ? EasStatus.ExternallyManagedDevicesNotAllowed : EasStatus.DeviceNotFullyProvisionable)
                .ToString(CultureInfo.InvariantCulture);
            policyResponse.Add(Status(1));
            return Doc(response);
        }

        var final = NewKey();
        await devices.SetDevicePolicyAsync(context.Mailbox, device.DeviceId, final, acknowledged: true, ct);
        policyResponse.Add(Status(1));
        policyResponse.Add(new WbxmlElement(Ns, "PolicyKey", final.ToString(CultureInfo.InvariantCulture)));
        return Doc(response);
    }

    private static EasResult Doc(WbxmlElement root) => new EasResult.Document(root);

    private static WbxmlElement Status(int value) => new(Ns, "Status", value.ToString(CultureInfo.InvariantCulture));

    /// A random non-zero key (0 means "no key" on the wire).
    private static uint NewKey()
    {
        uint key;
        do
        {
            key = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4)) & 0x7FFFFFFF;
        }
        while (key == 0);
        return key;
    }

    /// MS-ASPROV 2.2.2.27: the EASProvisionDoc, settings in the schema's order.
    internal static WbxmlElement PolicyDocument(ActiveSyncPolicy p)
    {
        var doc = new WbxmlElement(Ns, "EASProvisionDoc");
        void Add(string name, string? value) => doc.Add(value is null ? new WbxmlElement(Ns, name) : new WbxmlElement(Ns, name, value));
        static string B(bool b) => b ? "1" : "0";
        static string I(int i) => i.ToString(CultureInfo.InvariantCulture);
        static string? N(int? i) => i?.ToString(CultureInfo.InvariantCulture);
        Add("DevicePasswordEnabled", B(p.DevicePasswordEnabled));
        Add("AlphanumericDevicePasswordRequired", B(p.AlphanumericDevicePasswordRequired));
        Add("PasswordRecoveryEnabled", B(p.PasswordRecoveryEnabled));
        Add("RequireStorageCardEncryption", B(p.RequireStorageCardEncryption));
        Add("AttachmentsEnabled", B(p.AttachmentsEnabled));
        Add("MinDevicePasswordLength", N(p.MinDevicePasswordLength));
        Add("MaxInactivityTimeDeviceLock", N(p.MaxInactivityTimeDeviceLock));
        Add("MaxDevicePasswordFailedAttempts", I(p.MaxDevicePasswordFailedAttempts));
        Add("MaxAttachmentSize", N(p.MaxAttachmentSize));
        Add("AllowSimpleDevicePassword", B(p.AllowSimpleDevicePassword));
        Add("DevicePasswordExpiration", N(p.DevicePasswordExpiration));
        Add("DevicePasswordHistory", I(p.DevicePasswordHistory));
        Add("AllowStorageCard", B(p.AllowStorageCard));
        Add("AllowCamera", B(p.AllowCamera));
        Add("RequireDeviceEncryption", B(p.RequireDeviceEncryption));
        Add("AllowUnsignedApplications", B(p.AllowUnsignedApplications));
        Add("AllowUnsignedInstallationPackages", B(p.AllowUnsignedInstallationPackages));
        Add("MinDevicePasswordComplexCharacters", I(p.MinDevicePasswordComplexCharacters));
        Add("AllowWiFi", B(p.AllowWiFi));
        Add("AllowTextMessaging", B(p.AllowTextMessaging));
        Add("AllowPOPIMAPEmail", B(p.AllowPopImapEmail));
        Add("AllowBluetooth", I(p.AllowBluetooth));
        Add("AllowIrDA", B(p.AllowIrDA));
        Add("RequireManualSyncWhenRoaming", B(p.RequireManualSyncWhenRoaming));
        Add("AllowDesktopSync", B(p.AllowDesktopSync));
        Add("MaxCalendarAgeFilter", I(p.MaxCalendarAgeFilter));
        Add("AllowHTMLEmail", B(p.AllowHtmlEmail));
        Add("MaxEmailAgeFilter", I(p.MaxEmailAgeFilter));
        Add("MaxEmailBodyTruncationSize", I(p.MaxEmailBodyTruncationSize));
        Add("MaxEmailHTMLBodyTruncationSize", I(p.MaxEmailHtmlBodyTruncationSize));
        Add("RequireSignedSMIMEMessages", B(p.RequireSignedSmimeMessages));
        Add("RequireEncryptedSMIMEMessages", B(p.RequireEncryptedSmimeMessages));
        Add("RequireSignedSMIMEAlgorithm", I(p.RequireSignedSmimeAlgorithm));
        Add("RequireEncryptionSMIMEAlgorithm", I(p.RequireEncryptionSmimeAlgorithm));
        Add("AllowSMIMEEncryptionAlgorithmNegotiation", I(p.AllowSmimeEncryptionAlgorithmNegotiation));
        Add("AllowSMIMESoftCerts", B(p.AllowSmimeSoftCerts));
        Add("AllowBrowser", B(p.AllowBrowser));
        Add("AllowConsumerEmail", B(p.AllowConsumerEmail));
        Add("AllowRemoteDesktop", B(p.AllowRemoteDesktop));
        Add("AllowInternetSharing", B(p.AllowInternetSharing));
        return doc;
    }

    /// MS-ASPROV 2.2.2.54.2: Status of the Provision element.
    private static class ProvisionStatus
    {
        internal const int ProtocolError = 2;
        internal const int ServerError = 3;
    }
}
