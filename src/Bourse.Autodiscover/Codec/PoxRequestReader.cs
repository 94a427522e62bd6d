using System.Xml.Linq;
using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// Decodes POX Autodiscover requests of the Outlook (MS-OXDSCLI 2.2.3) and mobilesync (MS-ASCMD 2.2.1.1.1) providers.
// The document is read by PoxRequestScanner when it has the plain form clients send, otherwise parsed with SafeXml; both
// give the same PoxRequestShape, from which the request is decided here.
internal static class PoxRequestReader
{
    // RFC 5321 4.5.3.1.3: a path is at most 256 octets; a legacy DN is far shorter than this cap in practice.
    private const int MaxAddressLength = 320;
    private const int MaxLegacyDnLength = 1024;
    private const int MaxSchemaLength = 512;

    public static PoxReadResult Read(ReadOnlyMemory<byte> body)
    {
        var shape = body.Length is > 0 and <= SafeXml.MaxRequestBytes ? PoxRequestScanner.TryScan(body.Span) ?? FromTree(body) : null;
        // MS-OXDSCLI 2.2.4.1.1.3.2: 600 Invalid Request = "The XML request was improperly formatted."
        if (shape is null || shape.RootLocalName != "Autodiscover")
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest);
        var ns = shape.RootNamespace;
        if (ns != AutodiscoverNamespaces.OutlookRequest && ns != AutodiscoverNamespaces.MobileSyncRequest)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest);
        var requestSchema = ns == AutodiscoverNamespaces.MobileSyncRequest ? PoxProvider.MobileSync : PoxProvider.Outlook;

        if (!shape.HasRequest)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, requestSchema);

        // MS-ASCMD 2.2.3.1: the provider is chosen by AcceptableResponseSchema; 601 when no provider serves it.
        var acceptable = Trimmed(shape.AcceptableResponseSchema, MaxSchemaLength);
        PoxProvider provider;
        if (acceptable is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, requestSchema);
        if (string.Equals(acceptable, AutodiscoverNamespaces.OutlookResponse, StringComparison.OrdinalIgnoreCase))
            provider = PoxProvider.Outlook;
        else if (string.Equals(acceptable, AutodiscoverNamespaces.MobileSyncResponse, StringComparison.OrdinalIgnoreCase))
            provider = PoxProvider.MobileSync;
        else
            return PoxReadResult.Fail(PoxErrorCode.ProviderUnavailable, requestSchema);

        var email = Trimmed(shape.EMailAddress, MaxAddressLength);
        // MS-OXDSCLI 2.2.3.1.1.3: LegacyDN is an Outlook-provider element only.
        var legacyDn = provider == PoxProvider.Outlook ? Trimmed(shape.LegacyDn, MaxLegacyDnLength) : null;
        if (email is null && legacyDn is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, provider);
        if (email is not null && !EmailAddress.IsPlausible(email))
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, provider);

        return PoxReadResult.Ok(new PoxRequest(provider, email, legacyDn));
    }

    // The shape of any document XmlReader accepts (null when it does not): children in any namespace, as clients differ.
    private static PoxRequestShape? FromTree(ReadOnlyMemory<byte> body)
    {
        var root = SafeXml.TryParse(body)?.Root;
        if (root is null)
            return null;
        var request = SafeXml.Child(root, "Request");
        return new PoxRequestShape(
            root.Name.LocalName,
            root.Name.NamespaceName,
            request is not null,
            Value(request, "AcceptableResponseSchema"),
            Value(request, "EMailAddress"),
            Value(request, "LegacyDN"));
    }

    private static string? Value(XElement? parent, string localName) =>
        parent is not null && SafeXml.Child(parent, localName) is { HasElements: false } e ? e.Value : null;

    private static string? Trimmed(string? value, int maxLength)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v) || v.Length > maxLength ? null : v;
    }
}
