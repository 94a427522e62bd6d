using Bourse.Autodiscover.Protocol;

namespace Bourse.Autodiscover.Codec;

// Decodes POX Autodiscover requests of the Outlook (MS-OXDSCLI 2.2.3) and mobilesync (MS-ASCMD 2.2.1.1.1) providers.
internal static class PoxRequestReader
{
    // RFC 5321 4.5.3.1.3: a path is at most 256 octets; a legacy DN is far shorter than this cap in practice.
    private const int MaxAddressLength = 320;
    private const int MaxLegacyDnLength = 1024;

    public static PoxReadResult Read(ReadOnlyMemory<byte> body)
    {
        var doc = SafeXml.TryParse(body);
        var root = doc?.Root;
        // MS-OXDSCLI 2.2.4.1.1.3.2: 600 Invalid Request = "The XML request was improperly formatted."
        if (root is null || root.Name.LocalName != "Autodiscover")
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest);
        var ns = root.Name.NamespaceName;
        if (ns != AutodiscoverNamespaces.OutlookRequest && ns != AutodiscoverNamespaces.MobileSyncRequest)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest);
        var requestSchema = ns == AutodiscoverNamespaces.MobileSyncRequest ? PoxProvider.MobileSync : PoxProvider.Outlook;

        var request = SafeXml.Child(root, "Request");
        if (request is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, requestSchema);

        // MS-ASCMD 2.2.3.1: the provider is chosen by AcceptableResponseSchema; 601 when no provider serves it.
        var acceptable = SafeXml.TrimmedValue(SafeXml.Child(request, "AcceptableResponseSchema"), 512);
        PoxProvider provider;
        if (acceptable is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, requestSchema);
        if (string.Equals(acceptable, AutodiscoverNamespaces.OutlookResponse, StringComparison.OrdinalIgnoreCase))
            provider = PoxProvider.Outlook;
        else if (string.Equals(acceptable, AutodiscoverNamespaces.MobileSyncResponse, StringComparison.OrdinalIgnoreCase))
            provider = PoxProvider.MobileSync;
        else
            return PoxReadResult.Fail(PoxErrorCode.ProviderUnavailable, requestSchema);

        var email = SafeXml.TrimmedValue(SafeXml.Child(request, "EMailAddress"), MaxAddressLength);
        // MS-OXDSCLI 2.2.3.1.1.3: LegacyDN is an Outlook-provider element only.
        var legacyDn = provider == PoxProvider.Outlook ? SafeXml.TrimmedValue(SafeXml.Child(request, "LegacyDN"), MaxLegacyDnLength) : null;
        if (email is null && legacyDn is null)
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, provider);
        if (email is not null && !EmailAddress.IsPlausible(email))
            return PoxReadResult.Fail(PoxErrorCode.InvalidRequest, provider);

        return PoxReadResult.Ok(new PoxRequest(provider, email, legacyDn));
    }
}
