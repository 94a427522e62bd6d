using System.Globalization;
using System.Xml;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// Encodes POX Autodiscover responses: Outlook 2006a (MS-OXDSCLI 2.2.4) and mobilesync 2006 (MS-ASCMD 2.2.1.1.2).
internal static class PoxResponseWriter
{
    // MS-ASCMD 2.2.3.38 Culture: "en:us" is what Exchange sends.
    private const string Culture = "en:us";

    public static byte[] Write(PoxResponse response) => XmlOutput.Write(w =>
    {
        w.WriteStartElement("Autodiscover", AutodiscoverNamespaces.Response);
        switch (response)
        {
            case PoxErrorResponse error:
                WriteError(w, error);
                break;
            case PoxRedirectResponse redirect when redirect.Provider == PoxProvider.MobileSync:
                WriteMobileSyncRedirect(w, redirect);
                break;
            case PoxRedirectResponse redirect:
                WriteOutlookRedirect(w, redirect);
                break;
            case PoxSettingsResponse settings when settings.Provider == PoxProvider.MobileSync:
                WriteMobileSyncSettings(w, settings.Mailbox);
                break;
            case PoxSettingsResponse settings:
                WriteOutlookSettings(w, settings);
                break;
        }

        w.WriteEndElement();
    });

    private static void WriteError(XmlWriter w, PoxErrorResponse error)
    {
        // MS-ASCMD 4.2.4 puts a mobilesync error's Response in the mobilesync namespace; Exchange answers the Outlook
        // provider's (and unparseable requests') errors in the outer 2006 namespace, which is where exchangelib reads them.
        var ns = error.Schema == PoxProvider.MobileSync ? AutodiscoverNamespaces.MobileSyncResponse : AutodiscoverNamespaces.Response;
        w.WriteStartElement("Response", ns);
        // MS-OXDSCLI 2.2.4.1.1.3: Error with Time and Id attributes, ErrorCode, Message, DebugData.
        w.WriteStartElement("Error", ns);
        w.WriteAttributeString("Time", error.Time.ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture));
        w.WriteAttributeString("Id", error.Id.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("ErrorCode", ns, ((int)error.Code).ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("Message", ns, error.Message);
        w.WriteStartElement("DebugData", ns);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteOutlookRedirect(XmlWriter w, PoxRedirectResponse redirect)
    {
        const string ns = AutodiscoverNamespaces.OutlookResponse;
        w.WriteStartElement("Response", ns);
        w.WriteStartElement("Account", ns);
        w.WriteElementString("AccountType", ns, "email");
        // MS-OXDSCLI 2.2.4.1.1.2.2 / 2.2.4.1.1.2.8: Action redirectAddr with RedirectAddr.
        w.WriteElementString("Action", ns, "redirectAddr");
        w.WriteElementString("RedirectAddr", ns, redirect.RedirectAddress);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteMobileSyncRedirect(XmlWriter w, PoxRedirectResponse redirect)
    {
        const string ns = AutodiscoverNamespaces.MobileSyncResponse;
        w.WriteStartElement("Response", ns);
        w.WriteElementString("Culture", ns, Culture);
        w.WriteStartElement("Action", ns);
        // MS-ASCMD 2.2.3.147: Redirect carries the address the device should ask for next.
        w.WriteElementString("Redirect", ns, redirect.RedirectAddress);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteMobileSyncSettings(XmlWriter w, MailboxSettings m)
    {
        const string ns = AutodiscoverNamespaces.MobileSyncResponse;
        w.WriteStartElement("Response", ns);
        w.WriteElementString("Culture", ns, Culture);
        w.WriteStartElement("User", ns);
        w.WriteElementString("DisplayName", ns, m.DisplayName);
        w.WriteElementString("EMailAddress", ns, m.PrimarySmtpAddress);
        w.WriteEndElement();
        w.WriteStartElement("Action", ns);
        w.WriteStartElement("Settings", ns);
        // MS-ASCMD 2.2.3.164 / 2.2.3.186.1: one Server of Type MobileSync with Url and Name.
        w.WriteStartElement("Server", ns);
        w.WriteElementString("Type", ns, "MobileSync");
        w.WriteElementString("Url", ns, m.External.ActiveSync);
        w.WriteElementString("Name", ns, m.External.ActiveSync);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteOutlookSettings(XmlWriter w, PoxSettingsResponse settings)
    {
        const string ns = AutodiscoverNamespaces.OutlookResponse;
        var m = settings.Mailbox;
        w.WriteStartElement("Response", ns);

        // MS-OXDSCLI 2.2.4.1.1.1 User: DisplayName, LegacyDN, AutoDiscoverSMTPAddress, DeploymentId.
        w.WriteStartElement("User", ns);
        w.WriteElementString("DisplayName", ns, m.DisplayName);
        w.WriteElementString("LegacyDN", ns, m.LegacyDn);
        w.WriteElementString("AutoDiscoverSMTPAddress", ns, m.PrimarySmtpAddress);
        w.WriteElementString("DeploymentId", ns, m.DeploymentId.ToString("D"));
        w.WriteEndElement();

        w.WriteStartElement("Account", ns);
        w.WriteElementString("AccountType", ns, "email");
        w.WriteElementString("Action", ns, "settings");
        // MS-OXDSCLI 2.2.4.1.1.2 (Account/MicrosoftOnline): False — an on-premises organisation.
        w.WriteElementString("MicrosoftOnline", ns, "False");

        if (settings.MapiHttpVersion > 0)
            WriteMapiHttp(w, ns, m, settings.MapiHttpVersion);
        WriteExch(w, ns, m);
        WriteExpr(w, ns, m);
        WriteWeb(w, ns, m);

        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteMapiHttp(XmlWriter w, string ns, MailboxSettings m, int version)
    {
        // MS-OXDSCLI 2.2.4.1.1.2.6: Type="mapiHttp", Version in 1..X-MapiHttpCapability; MailStore and AddressBook URLs.
        w.WriteStartElement("Protocol", ns);
        w.WriteAttributeString("Type", "mapiHttp");
        w.WriteAttributeString("Version", version.ToString(CultureInfo.InvariantCulture));
        w.WriteStartElement("MailStore", ns);
        w.WriteElementString("InternalUrl", ns, m.Internal.MapiMailStore);
        w.WriteElementString("ExternalUrl", ns, m.External.MapiMailStore);
        w.WriteEndElement();
        w.WriteStartElement("AddressBook", ns);
        w.WriteElementString("InternalUrl", ns, m.Internal.MapiAddressBook);
        w.WriteElementString("ExternalUrl", ns, m.External.MapiAddressBook);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteExch(XmlWriter w, string ns, MailboxSettings m)
    {
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/Type) EXCH: the inside-the-network connection, with the internal URLs.
        w.WriteStartElement("Protocol", ns);
        w.WriteElementString("Type", ns, "EXCH");
        w.WriteElementString("Server", ns, m.MailboxServer);
        w.WriteElementString("ServerDN", ns, m.ServerDn);
        w.WriteElementString("ServerVersion", ns, ExchangeVersion.PoxServerVersion);
        w.WriteElementString("MdbDN", ns, m.MdbDn);
        WriteServiceUrls(w, ns, m.Internal);
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/ServerExclusiveConnect): off inside, so Outlook may also try the EXPR route.
        w.WriteElementString("ServerExclusiveConnect", ns, "off");
        w.WriteEndElement();
    }

    private static void WriteExpr(XmlWriter w, string ns, MailboxSettings m)
    {
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/Type) EXPR: the outside (HTTPS) route, with the external URLs.
        w.WriteStartElement("Protocol", ns);
        w.WriteElementString("Type", ns, "EXPR");
        w.WriteElementString("Server", ns, m.ExternalHostName);
        w.WriteElementString("SSL", ns, "On");
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/AuthPackage): Ntlm — Client Access offers NTLM (and Basic over TLS).
        w.WriteElementString("AuthPackage", ns, "Ntlm");
        w.WriteElementString("ServerExclusiveConnect", ns, "On");
        w.WriteElementString("CertPrincipalName", ns, "msstd:" + m.ExternalHostName);
        WriteServiceUrls(w, ns, m.External);
        w.WriteEndElement();
    }

    private static void WriteServiceUrls(XmlWriter w, string ns, ServiceUrls urls)
    {
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol): ASUrl (availability), EwsUrl, EmwsUrl, EcpUrl, OOFUrl, OABUrl.
        // No UMUrl: Bourse has no Unified Messaging and the element is optional.
        w.WriteElementString("ASUrl", ns, urls.Ews);
        w.WriteElementString("EwsUrl", ns, urls.Ews);
        w.WriteElementString("EmwsUrl", ns, urls.Ews);
        w.WriteElementString("EcpUrl", ns, urls.Ecp);
        w.WriteElementString("OOFUrl", ns, urls.Ews);
        // OABUrl is optional (minOccurs 0): absent when the host serves no offline address book.
        if (urls.Oab is not null)
            w.WriteElementString("OABUrl", ns, urls.Oab);
    }

    private static void WriteWeb(XmlWriter w, string ns, MailboxSettings m)
    {
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/Type) WEB: Outlook on the web, inside and outside.
        w.WriteStartElement("Protocol", ns);
        w.WriteElementString("Type", ns, "WEB");
        WriteWebSide(w, ns, "Internal", "EXCH", m.Internal);
        WriteWebSide(w, ns, "External", "EXPR", m.External);
        w.WriteEndElement();
    }

    private static void WriteWebSide(XmlWriter w, string ns, string side, string type, ServiceUrls urls)
    {
        w.WriteStartElement(side, ns);
        w.WriteStartElement("OWAUrl", ns);
        // MS-OXDSCLI 2.2.4.1.1.2.6 (Protocol/Internal|External/OWAUrl@AuthenticationMethod); Bourse's /owa uses a forms sign-in.
        w.WriteAttributeString("AuthenticationMethod", "Fba");
        w.WriteString(urls.Owa);
        w.WriteEndElement();
        w.WriteStartElement("Protocol", ns);
        w.WriteElementString("Type", ns, type);
        w.WriteElementString("ASUrl", ns, urls.Ews);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}
