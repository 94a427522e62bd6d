using System.Xml.Linq;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// Decodes SOAP Autodiscover requests (MS-OXWSADISC 3.1.4): GetUserSettings and GetDomainSettings.
internal static class SoapRequestReader
{
    // MS-OXWSADISC 3.1.4.2: Exchange accepts at most 100 users per GetUserSettings; we apply the same to domains/settings.
    public const int MaxEntries = 100;
    private const int MaxValueLength = 1024;
    private const string ActionPrefix = "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/";

    public static SoapReadResult Read(ReadOnlyMemory<byte> body)
    {
        var root = SafeXml.TryParse(body)?.Root;
        if (root is null)
            return SoapReadResult.Fail(SoapVersion.Soap11, SoapFaultCode.Client, "The request is not a well-formed XML document.");

        // SOAP 1.1 §4 / SOAP 1.2 part 1 §5.1: the Envelope element names the version.
        SoapVersion version;
        if (root.Name == XName.Get("Envelope", AutodiscoverNamespaces.Soap11Envelope))
            version = SoapVersion.Soap11;
        else if (root.Name == XName.Get("Envelope", AutodiscoverNamespaces.Soap12Envelope))
            version = SoapVersion.Soap12;
        else
            return SoapReadResult.Fail(SoapVersion.Soap11, SoapFaultCode.Client, "The request is not a SOAP envelope.");

        var envNs = root.Name.Namespace;
        var header = root.Element(envNs + "Header");
        var bodyElement = root.Element(envNs + "Body");
        var operation = bodyElement?.Elements().ToList();
        if (operation is not { Count: 1 })
            return SoapReadResult.Fail(version, SoapFaultCode.Client, "The SOAP body must contain exactly one request message.");
        var message = operation[0];

        string? requestedVersion = null;
        string? action = null;
        if (header is not null)
        {
            requestedVersion = SafeXml.TrimmedValue(header.Element(XName.Get("RequestedServerVersion", AutodiscoverNamespaces.Soap)), 64);
            action = SafeXml.TrimmedValue(header.Element(XName.Get("Action", AutodiscoverNamespaces.WsAddressing)), 512);
        }

        if (message.Name.Namespace != AutodiscoverNamespaces.Soap)
            return SoapReadResult.Fail(version, SoapFaultCode.ActionNotSupported, "The message is not an Autodiscover request.");

        var operationName = message.Name.LocalName switch
        {
            "GetUserSettingsRequestMessage" => "GetUserSettings",
            "GetDomainSettingsRequestMessage" => "GetDomainSettings",
            _ => null,
        };
        // WCF's ContractFilter mismatch: an operation this endpoint does not implement (e.g. GetFederationInformation).
        if (operationName is null)
            return SoapReadResult.Fail(version, SoapFaultCode.ActionNotSupported, "The requested operation is not supported by this Autodiscover service.");
        // WS-Addressing 1.0 §3.2: when the client names the action it must match the body.
        if (action is not null && !string.Equals(action, ActionPrefix + operationName, StringComparison.Ordinal))
            return SoapReadResult.Fail(version, SoapFaultCode.ActionNotSupported, "The WS-Addressing action does not match the request message.");

        var request = SafeXml.Child(message, "Request");
        if (request is null)
            return SoapReadResult.Fail(version, SoapFaultCode.Client, "The request message has no Request element.");

        var settings = Values(SafeXml.Child(request, "RequestedSettings"), "Setting");
        if (settings is null)
            return SoapReadResult.Fail(version, SoapFaultCode.Client, "RequestedSettings is malformed or too large.");
        var bodyVersion = SafeXml.TrimmedValue(SafeXml.Child(request, "RequestedVersion"), 64);

        if (operationName == "GetUserSettings")
        {
            var usersElement = SafeXml.Child(request, "Users");
            List<string>? users = [];
            if (usersElement is not null)
            {
                foreach (var user in SafeXml.Children(usersElement, "User"))
                {
                    var mailbox = SafeXml.TrimmedValue(SafeXml.Child(user, "Mailbox"), MaxValueLength);
                    users.Add(mailbox ?? string.Empty);
                    if (users.Count > MaxEntries)
                        return SoapReadResult.Fail(version, SoapFaultCode.Client, "Too many users in one request.");
                }
            }

            return new SoapReadResult(version, new SoapRequest(version, new GetUserSettingsRequest(users, settings, bodyVersion ?? requestedVersion), null), null);
        }

        var domains = Values(SafeXml.Child(request, "Domains"), "Domain");
        if (domains is null)
            return SoapReadResult.Fail(version, SoapFaultCode.Client, "Domains is malformed or too large.");
        return new SoapReadResult(version, new SoapRequest(version, null, new GetDomainSettingsRequest(domains, settings, bodyVersion ?? requestedVersion)), null);
    }

    private static List<string>? Values(XElement? container, string itemName)
    {
        var list = new List<string>();
        if (container is null)
            return list;
        foreach (var e in SafeXml.Children(container, itemName))
        {
            if (e.HasElements || list.Count == MaxEntries)
                return null;
            var v = e.Value.Trim();
            if (v.Length > MaxValueLength)
                return null;
            list.Add(v);
        }

        return list;
    }
}
