namespace Bourse.Autodiscover.Codec;

// What a POX request is made of, as the decoders extract it from a well-formed document: the root element's name, whether
// the root has a Request child, and the direct text of the first AcceptableResponseSchema, EMailAddress and LegacyDN
// children of the first Request (as XElement.Value has it; null when absent or when it holds elements).
internal sealed record PoxRequestShape(
    string RootLocalName,
    string RootNamespace,
    bool HasRequest,
    string? AcceptableResponseSchema,
    string? EMailAddress,
    string? LegacyDn);
