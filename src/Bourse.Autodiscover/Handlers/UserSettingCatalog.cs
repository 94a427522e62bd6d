using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Handlers;

// The GetUserSettings setting names (MS-OXWSADISC 3.1.4.2, the UserSettingName list) and what Bourse answers for each.
// A name in the list without a value here gets SettingIsNotAvailable; a name not in the list gets InvalidSetting.
internal static class UserSettingCatalog
{
    private static readonly Dictionary<string, Func<MailboxSettings, SettingValue>> Values = new(StringComparer.Ordinal)
    {
        ["UserDisplayName"] = m => S("UserDisplayName", m.DisplayName),
        ["UserDN"] = m => S("UserDN", m.LegacyDn),
        ["UserDeploymentId"] = m => S("UserDeploymentId", m.DeploymentId.ToString("D")),
        ["AutoDiscoverSMTPAddress"] = m => S("AutoDiscoverSMTPAddress", m.PrimarySmtpAddress),
        ["UserMSOnline"] = _ => S("UserMSOnline", "False"),
        ["InternalMailboxServer"] = m => S("InternalMailboxServer", m.InternalHostName),
        // Exchange 2013+: the RPC client server is the mailbox's "<guid>@<domain>" pseudo-server, as in POX EXCH/Server.
        ["InternalRpcClientServer"] = m => S("InternalRpcClientServer", m.MailboxServer),
        ["InternalMailboxServerDN"] = m => S("InternalMailboxServerDN", m.ServerDn),
        ["MailboxDN"] = m => S("MailboxDN", m.MdbDn),
        ["ExternalMailboxServer"] = m => S("ExternalMailboxServer", m.ExternalHostName),
        ["ExternalMailboxServerRequiresSSL"] = _ => S("ExternalMailboxServerRequiresSSL", "True"),
        ["ExternalMailboxServerAuthenticationMethods"] = _ => S("ExternalMailboxServerAuthenticationMethods", "Basic, Ntlm"),
        ["CertPrincipalName"] = m => S("CertPrincipalName", "msstd:" + m.ExternalHostName),
        ["InternalEwsUrl"] = m => S("InternalEwsUrl", m.Internal.Ews),
        ["ExternalEwsUrl"] = m => S("ExternalEwsUrl", m.External.Ews),
        ["InternalEmwsUrl"] = m => S("InternalEmwsUrl", m.Internal.Ews),
        ["ExternalEmwsUrl"] = m => S("ExternalEmwsUrl", m.External.Ews),
        ["InternalEcpUrl"] = m => S("InternalEcpUrl", m.Internal.Ecp),
        ["ExternalEcpUrl"] = m => S("ExternalEcpUrl", m.External.Ecp),
        ["InternalOABUrl"] = m => S("InternalOABUrl", m.Internal.Oab!),
        ["ExternalOABUrl"] = m => S("ExternalOABUrl", m.External.Oab!),
        ["InternalWebClientUrls"] = m => new SettingValue("InternalWebClientUrls", null, [("Fba", m.Internal.Owa)]),
        ["ExternalWebClientUrls"] = m => new SettingValue("ExternalWebClientUrls", null, [("Fba", m.External.Owa)]),
        ["CasVersion"] = _ => S("CasVersion", ExchangeVersion.Text),
        ["ExternalEwsVersion"] = _ => S("ExternalEwsVersion", ExchangeVersion.Text),
        ["EwsSupportedSchemas"] = _ => S("EwsSupportedSchemas", ExchangeVersion.EwsSupportedSchemas),
        ["MapiHttpEnabled"] = _ => S("MapiHttpEnabled", "True"),
        ["CrossOrganizationSharingEnabled"] = _ => S("CrossOrganizationSharingEnabled", "False"),
        ["ShowGalAsDefaultView"] = _ => S("ShowGalAsDefaultView", "True"),
        // EWS clients batch mailboxes by (ExternalEwsUrl, GroupingInformation); the mailbox database is that grouping.
        ["GroupingInformation"] = m => S("GroupingInformation", m.Database),
        ["AlternateMailboxes"] = _ => new SettingValue("AlternateMailboxes", null, IsAlternateMailboxes: true),
    };

    // Names a client may legitimately ask for that Bourse has nothing behind: Unified Messaging, LDAP, RPC over HTTP,
    // POP/IMAP, public folders, sharing, the ECP sub-pages.
    private static readonly HashSet<string> KnownWithoutValue = new(StringComparer.Ordinal)
    {
        "InternalEcpVoicemailUrl", "InternalEcpEmailSubscriptionsUrl", "InternalEcpTextMessagingUrl", "InternalEcpDeliveryReportUrl",
        "InternalEcpRetentionPolicyTagsUrl", "InternalEcpPublishingUrl", "InternalEcpPhotoUrl", "InternalEcpConnectUrl",
        "InternalEcpTeamMailboxUrl", "InternalEcpTeamMailboxCreatingUrl", "InternalEcpTeamMailboxEditingUrl",
        "InternalEcpTeamMailboxHidingUrl", "InternalEcpExtensionInstallationUrl", "InternalPhotosUrl", "InternalUMUrl",
        "PublicFolderServer", "ActiveDirectoryServer", "EcpVoicemailUrlFragment", "EcpEmailSubscriptionsUrlFragment",
        "EcpTextMessagingUrlFragment", "EcpDeliveryReportUrlFragment", "EcpRetentionPolicyTagsUrlFragment", "EcpPublishingUrlFragment",
        "EcpPhotoUrlFragment", "EcpConnectUrlFragment", "EcpTeamMailboxUrlFragment", "EcpTeamMailboxCreatingUrlFragment",
        "EcpTeamMailboxEditingUrlFragment", "EcpExtensionInstallationUrlFragment", "EcpTeamMailboxHidingUrlFragment",
        "ExternalEcpVoicemailUrl", "ExternalEcpEmailSubscriptionsUrl", "ExternalEcpTextMessagingUrl", "ExternalEcpDeliveryReportUrl",
        "ExternalEcpRetentionPolicyTagsUrl", "ExternalEcpPublishingUrl", "ExternalEcpPhotoUrl", "ExternalEcpConnectUrl",
        "ExternalEcpTeamMailboxUrl", "ExternalEcpTeamMailboxCreatingUrl", "ExternalEcpTeamMailboxEditingUrl",
        "ExternalEcpTeamMailboxHidingUrl", "ExternalEcpExtensionInstallationUrl", "ExternalPhotosUrl", "ExternalUMUrl",
        "InternalPop3Connections", "ExternalPop3Connections", "InternalImap4Connections", "ExternalImap4Connections",
        "InternalSmtpConnections", "ExternalSmtpConnections", "InternalServerExclusiveConnect", "ExternalServerExclusiveConnect",
        "ExchangeRpcUrl", "InteropExternalEwsUrl", "InteropExternalEwsVersion", "PublicFolderInformation", "RedirectUrl",
        "EwsPartnerUrl", "MobileMailboxPolicy", "MobileMailboxPolicyInterop", "DocumentSharingLocations",
    };

    public static (SettingValue? Value, SettingError? Error) Get(string name, MailboxSettings mailbox)
    {
        // No offline address book advertised: its URLs are valid names without a value.
        var withoutValue = mailbox.External.Oab is null && name is "InternalOABUrl" or "ExternalOABUrl";
        if (!withoutValue && Values.TryGetValue(name, out var value))
            return (value(mailbox), null);
        // MS-OXWSADISC 2.2.5 ErrorCode: SettingIsNotAvailable for a valid name without a value, InvalidSetting otherwise.
        return withoutValue || KnownWithoutValue.Contains(name)
            ? (null, new SettingError(name, AutodiscoverErrorCode.SettingIsNotAvailable, "The requested setting is not available."))
            : (null, new SettingError(name, AutodiscoverErrorCode.InvalidSetting, "The requested setting is not valid."));
    }

    private static SettingValue S(string name, string value) => new(name, value);
}
