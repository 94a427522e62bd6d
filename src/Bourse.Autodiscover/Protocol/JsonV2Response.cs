namespace Bourse.Autodiscover.Protocol;

// An Autodiscover v2 (JSON) answer: a protocol URL, or an error in the shape Exchange Online uses.
internal sealed record JsonV2Response(int StatusCode, string? Protocol, string? Url, string? ErrorCode, string? ErrorMessage)
{
    public static JsonV2Response Ok(string protocol, string url) => new(200, protocol, url, null, null);

    public static JsonV2Response Fail(int status, string code, string message) => new(status, null, null, code, message);
}
