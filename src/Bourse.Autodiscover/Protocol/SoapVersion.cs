namespace Bourse.Autodiscover.Protocol;

// The SOAP envelope version of a request; the response uses the same one.
internal enum SoapVersion
{
    Soap11,
    Soap12,
}
