using System.Globalization;
using System.Xml;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// Encodes SOAP Autodiscover responses and faults (MS-OXWSADISC 3.1.4, SOAP 1.1 or 1.2 as the request used).
internal static class SoapResponseWriter
{
    private const string ActionPrefix = "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/";
    private const string Ns = AutodiscoverNamespaces.Soap;
    private const string Xsi = AutodiscoverNamespaces.XmlSchemaInstance;

    public static string ContentType(SoapVersion version) =>
        version == SoapVersion.Soap12 ? "application/soap+xml; charset=utf-8" : "text/xml; charset=utf-8";

    public static byte[] Write(SoapVersion version, GetUserSettingsResponse response) =>
        WriteEnvelope(version, "GetUserSettingsResponse", w =>
        {
            w.WriteStartElement("GetUserSettingsResponseMessage", Ns);
            w.WriteStartElement("Response", Ns);
            w.WriteAttributeString("xmlns", "i", null, Xsi);
            WriteError(w, response.Code, response.Message);
            w.WriteStartElement("UserResponses", Ns);
            foreach (var user in response.Users)
            {
                // MS-OXWSADISC 2.2.4 UserResponse: ErrorCode, ErrorMessage, RedirectTarget, UserSettingErrors, UserSettings.
                w.WriteStartElement("UserResponse", Ns);
                WriteError(w, user.Code, user.Message);
                WriteRedirectTarget(w, user.RedirectTarget);
                w.WriteStartElement("UserSettingErrors", Ns);
                foreach (var e in user.Errors)
                    WriteSettingError(w, "UserSettingError", e);
                w.WriteEndElement();
                w.WriteStartElement("UserSettings", Ns);
                foreach (var s in user.Settings)
                    WriteSetting(w, "UserSetting", s, "StringSetting");
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });

    public static byte[] Write(SoapVersion version, GetDomainSettingsResponse response) =>
        WriteEnvelope(version, "GetDomainSettingsResponse", w =>
        {
            w.WriteStartElement("GetDomainSettingsResponseMessage", Ns);
            w.WriteStartElement("Response", Ns);
            w.WriteAttributeString("xmlns", "i", null, Xsi);
            WriteError(w, response.Code, response.Message);
            w.WriteStartElement("DomainResponses", Ns);
            foreach (var domain in response.Domains)
            {
                // MS-OXWSADISC 2.2.4 DomainResponse: ErrorCode, ErrorMessage, DomainSettingErrors, DomainSettings, RedirectTarget.
                w.WriteStartElement("DomainResponse", Ns);
                WriteError(w, domain.Code, domain.Message);
                w.WriteStartElement("DomainSettingErrors", Ns);
                foreach (var e in domain.Errors)
                    WriteSettingError(w, "DomainSettingError", e);
                w.WriteEndElement();
                w.WriteStartElement("DomainSettings", Ns);
                foreach (var s in domain.Settings)
                    WriteSetting(w, "DomainSetting", s, "DomainStringSetting");
                w.WriteEndElement();
                WriteRedirectTarget(w, null);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
        });

    public static byte[] WriteFault(SoapVersion version, SoapFault fault) => XmlOutput.Write(w =>
    {
        var env = version == SoapVersion.Soap12 ? AutodiscoverNamespaces.Soap12Envelope : AutodiscoverNamespaces.Soap11Envelope;
        w.WriteStartElement("s", "Envelope", env);
        w.WriteAttributeString("xmlns", "a", null, AutodiscoverNamespaces.WsAddressing);
        w.WriteStartElement("Body", env);
        w.WriteStartElement("Fault", env);
        if (version == SoapVersion.Soap11)
        {
            // SOAP 1.1 §4.4: faultcode (qualified name) and faultstring, unqualified.
            w.WriteStartElement("faultcode");
            w.WriteString(fault.Code switch
            {
                SoapFaultCode.ActionNotSupported => "a:ActionNotSupported",
                SoapFaultCode.Server => "s:Server",
                _ => "s:Client",
            });
            w.WriteEndElement();
            w.WriteStartElement("faultstring");
            w.WriteAttributeString("xml", "lang", null, "en-US");
            w.WriteString(fault.Reason);
            w.WriteEndElement();
        }
        else
        {
            // SOAP 1.2 part 1 §5.4: Code/Value (+ Subcode) and Reason/Text.
            w.WriteStartElement("Code", env);
            w.WriteElementString("Value", env, fault.Code == SoapFaultCode.Server ? "s:Receiver" : "s:Sender");
            if (fault.Code == SoapFaultCode.ActionNotSupported)
            {
                w.WriteStartElement("Subcode", env);
                w.WriteElementString("Value", env, "a:ActionNotSupported");
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteStartElement("Reason", env);
            w.WriteStartElement("Text", env);
            w.WriteAttributeString("xml", "lang", null, "en-US");
            w.WriteString(fault.Reason);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static byte[] WriteEnvelope(SoapVersion version, string responseAction, Action<XmlWriter> body) => XmlOutput.Write(w =>
    {
        var env = version == SoapVersion.Soap12 ? AutodiscoverNamespaces.Soap12Envelope : AutodiscoverNamespaces.Soap11Envelope;
        w.WriteStartElement("s", "Envelope", env);
        w.WriteAttributeString("xmlns", "a", null, AutodiscoverNamespaces.WsAddressing);
        w.WriteStartElement("Header", env);
        // WS-Addressing 1.0 §3.2: the reply's action is the operation's ...Response action.
        w.WriteStartElement("Action", AutodiscoverNamespaces.WsAddressing);
        w.WriteAttributeString("mustUnderstand", env, "1");
        w.WriteString(ActionPrefix + responseAction);
        w.WriteEndElement();
        // MS-OXWSADISC 2.2.3 ServerVersionInfo header: the server's build and schema version.
        w.WriteStartElement("h", "ServerVersionInfo", Ns);
        w.WriteAttributeString("xmlns", "i", null, Xsi);
        w.WriteElementString("MajorVersion", Ns, ExchangeVersion.Major.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("MinorVersion", Ns, ExchangeVersion.Minor.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("MajorBuildNumber", Ns, ExchangeVersion.Build.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("MinorBuildNumber", Ns, ExchangeVersion.Revision.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("Version", Ns, ExchangeVersion.AutodiscoverSchema);
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteStartElement("Body", env);
        body(w);
        w.WriteEndElement();
        w.WriteEndElement();
    });

    private static void WriteError(XmlWriter w, AutodiscoverErrorCode code, string message)
    {
        w.WriteElementString("ErrorCode", Ns, code.ToString());
        w.WriteElementString("ErrorMessage", Ns, message);
    }

    private static void WriteRedirectTarget(XmlWriter w, string? target)
    {
        w.WriteStartElement("RedirectTarget", Ns);
        if (target is null)
            w.WriteAttributeString("nil", Xsi, "true");
        else
            w.WriteString(target);
        w.WriteEndElement();
    }

    private static void WriteSettingError(XmlWriter w, string element, SettingError e)
    {
        w.WriteStartElement(element, Ns);
        w.WriteElementString("ErrorCode", Ns, e.Code.ToString());
        w.WriteElementString("ErrorMessage", Ns, e.Message);
        w.WriteElementString("SettingName", Ns, e.SettingName);
        w.WriteEndElement();
    }

    private static void WriteSetting(XmlWriter w, string element, SettingValue s, string stringType)
    {
        w.WriteStartElement(element, Ns);
        // MS-OXWSADISC 2.2.4: a setting is polymorphic; xsi:type names StringSetting, WebClientUrlCollectionSetting, ...
        if (s.WebClientUrls is not null)
        {
            w.WriteAttributeString("type", Xsi, "WebClientUrlCollectionSetting");
            w.WriteElementString("Name", Ns, s.Name);
            w.WriteStartElement("WebClientUrls", Ns);
            foreach (var (methods, url) in s.WebClientUrls)
            {
                w.WriteStartElement("WebClientUrl", Ns);
                w.WriteElementString("AuthenticationMethods", Ns, methods);
                w.WriteElementString("Url", Ns, url);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }
        else if (s.IsAlternateMailboxes)
        {
            w.WriteAttributeString("type", Xsi, "AlternateMailboxCollectionSetting");
            w.WriteElementString("Name", Ns, s.Name);
            w.WriteStartElement("AlternateMailboxes", Ns);
            w.WriteEndElement();
        }
        else
        {
            w.WriteAttributeString("type", Xsi, stringType);
            w.WriteElementString("Name", Ns, s.Name);
            w.WriteElementString("Value", Ns, s.Value ?? string.Empty);
        }

        w.WriteEndElement();
    }
}
