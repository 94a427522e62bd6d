namespace Bourse.Autodiscover.Protocol;

// A SOAP fault to answer a request that is not a valid Autodiscover SOAP message.
// Code: The fault code as a qualified name in the envelope's terms: Client/Sender, or a:ActionNotSupported.
// Reason: A fixed sentence; never echoes request content.
internal sealed record SoapFault(SoapFaultCode Code, string Reason);
