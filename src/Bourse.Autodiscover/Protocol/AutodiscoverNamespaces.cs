namespace Bourse.Autodiscover.Protocol;

// The XML namespaces of the three Autodiscover dialects.
internal static class AutodiscoverNamespaces
{
    // MS-OXDSCLI 2.2.3 / 2.2.4: the Outlook provider's request and response schemas.
    public const string OutlookRequest = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
    public const string OutlookResponse = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    // MS-ASCMD 2.2.1.1: the ActiveSync (mobilesync) provider's request and response schemas.
    public const string MobileSyncRequest = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006";
    public const string MobileSyncResponse = "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006";

    // MS-OXDSCLI 2.2.4: the outer Autodiscover element and the provider-less error response live here.
    public const string Response = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

    // MS-OXWSADISC 2.2.1: SOAP Autodiscover messages and types.
    public const string Soap = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
    public const string Soap11Envelope = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12Envelope = "http://www.w3.org/2003/05/soap-envelope";
    public const string WsAddressing = "http://www.w3.org/2005/08/addressing";
    public const string XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";
}
