using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// The outcome of decoding a POX request: a request, or the error code to answer with.
// ErrorSchema: The provider whose namespace the error answer uses, when the request got that far.
internal sealed record PoxReadResult(PoxRequest? Request, PoxErrorCode Error, PoxProvider? ErrorSchema)
{
    public static PoxReadResult Ok(PoxRequest request) => new(request, 0, null);

    public static PoxReadResult Fail(PoxErrorCode code, PoxProvider? schema = null) => new(null, code, schema);
}
