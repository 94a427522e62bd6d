using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// The outcome of decoding a SOAP request: the request, or the fault to answer with (in the request's SOAP version).
internal sealed record SoapReadResult(SoapVersion Version, SoapRequest? Request, SoapFault? Fault)
{
    public static SoapReadResult Fail(SoapVersion version, SoapFaultCode code, string reason) => new(version, null, new SoapFault(code, reason));
}
