using System.Globalization;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Handlers;

internal sealed partial class ItemOperationsHandler
{
    // MS-ASCMD 2.2.3.178.2: Store is "Mailbox" (items and attachments) or a document library; only the mailbox is served.
    private const string MailboxStore = "Mailbox";

    /// One Fetch (MS-ASCMD 2.2.3.67.1): the answer echoes the identifiers the client sent, so it can match answers to
    /// requests, then the Status and, on success, the Properties.
    private async ValueTask<WbxmlElement> FetchAsync(EasRequestContext context, WbxmlElement fetch, List<ReadOnlyMemory<byte>>? parts,
        CancellationToken ct)
    {
        var storeName = fetch.Element(Ns, "Store")?.Text;
        // MS-ASAIRS FileReference (Fetch): an empty one names no attachment (Status 15), it does not make the Fetch an item fetch.
        var fileReference = fetch.Element("AirSyncBase", "FileReference") is { } reference ? reference.Text ?? "" : null;
        var collectionId = fetch.Element("AirSync", "CollectionId")?.Text;
        var serverId = fetch.Element("AirSync", "ServerId")?.Text;
        var longId = fetch.Element("Search", "LongId")?.Text;
        var options = fetch.Element(Ns, "Options");

        int status;
        string? cls = null;
        WbxmlElement? properties = null;
        if (storeName is null)
        {
            status = ItemOperationsStatus.ProtocolError;
        }
        else if (!string.Equals(storeName, MailboxStore, StringComparison.OrdinalIgnoreCase))
        {
            // Document libraries (UNC, SharePoint) are not served.
            status = ItemOperationsStatus.StoreUnknown;
        }
        else if (fileReference is not null)
        {
            (status, properties) = await FetchAttachmentAsync(context, fileReference, options, parts, ct).ConfigureAwait(false);
        }
        else if (longId is not null || (collectionId is not null && serverId is not null))
        {
            (status, cls, properties) = await FetchItemAsync(context, collectionId, serverId, longId, options, parts, ct).ConfigureAwait(false);
        }
        else
        {
            // Nothing that names a mailbox item or attachment (for instance a DocumentLibrary:LinkId).
            status = ItemOperationsStatus.ProtocolError;
        }

        var result = new WbxmlElement(Ns, "Fetch", StatusElement(status));
        if (fileReference is not null)
            result.Add(new WbxmlElement("AirSyncBase", "FileReference", fileReference));
        if (longId is not null)
            result.Add(new WbxmlElement("Search", "LongId", longId));
        else
        {
            if (collectionId is not null)
                result.Add(new WbxmlElement("AirSync", "CollectionId", collectionId));
            if (serverId is not null)
                result.Add(new WbxmlElement("AirSync", "ServerId", serverId));
        }

        if (cls is not null)
            result.Add(new WbxmlElement("AirSync", "Class", cls));
        if (properties is not null)
            result.Add(properties);
        return result;
    }

    /// A mailbox item, rendered as Sync renders it with the body preferences and MIME support of the Fetch Options. ServerId must name an item that is in that collection now; a LongId (Search) any item of a
    /// folder the device can see.
    private async ValueTask<(int Status, string? Class, WbxmlElement? Properties)> FetchItemAsync(EasRequestContext context,
        string? collectionId, string? serverId, string? longId, WbxmlElement? options, List<ReadOnlyMemory<byte>>? parts, CancellationToken ct)
    {
        var mailbox = context.Mailbox;
        Core.Ids.FolderId expectedFolder = default;
        Core.Ids.ItemId itemId;
        if (longId is not null)
        {
            if (!ServerIds.TryParse(longId, out _, out itemId))
                return (ItemOperationsStatus.ObjectNotFound, null, null);
        }
        else if (!FolderView.TryParseServerId(collectionId, out expectedFolder) || !ServerIds.TryParse(serverId, out _, out itemId))
        {
            return (ItemOperationsStatus.ObjectNotFound, null, null);
        }

        var item = await store.GetItemAsync(mailbox, itemId, ct).ConfigureAwait(false);
        if (item is null || (longId is null && item.FolderId != expectedFolder))
            return (ItemOperationsStatus.ObjectNotFound, null, null);
        var folder = (await FolderView.LoadAsync(store, mailbox, ct).ConfigureAwait(false)).FirstOrDefault(f => f.Id == item.FolderId);
        if (folder is null)
            return (ItemOperationsStatus.ObjectNotFound, null, null);

        var cls = EasClasses.FromContainerClass(folder.ContainerClass) ?? EasClasses.FromMessageClass(item.MessageClass);
        WbxmlElement data;
        try
        {
            data = await ItemRenderer.RenderAsync(item, cls, ItemRenderOptions.FromOptions(options, context.Version),
                c => store.OpenMimeAsync(mailbox, item.Id, c), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException or DecoderFallbackException)
        {
            return (ItemOperationsStatus.ConversionFailed, null, null);
        }

        var properties = new WbxmlElement(Ns, "Properties");
        foreach (var child in data.Children)
            properties.Add(parts is not null && child is { Namespace: "AirSyncBase", Name: "Body" } ? BodyWithPart(child, parts) : child);
        return (ItemOperationsStatus.Success, EasClasses.ToWireName(cls), properties);
    }

    /// MS-ASCMD 2.2.3.130: in a multipart answer the body's Data becomes a Part index and its bytes a part.
    private static WbxmlElement BodyWithPart(WbxmlElement body, List<ReadOnlyMemory<byte>> parts)
    {
        var copy = new WbxmlElement("AirSyncBase", "Body");
        foreach (var child in body.Children)
        {
            if (child is { Namespace: "AirSyncBase", Name: "Data" })
            {
                parts.Add(child.Opaque ?? Encoding.UTF8.GetBytes(child.Text ?? ""));
                copy.Add(new WbxmlElement(Ns, "Part", (parts.Count - 1).ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                copy.Add(child);
            }
        }

        return copy;
    }

    /// An attachment by FileReference (MS-ASAIRS 2.2.2.24.2), from the caller's own mailbox only: its ContentType, and its
    /// bytes (base64 in Data, MS-ASCMD 2.2.3.39.2, or a Part). With a Range "first-last" (MS-ASCMD 2.2.3.143.2, inclusive
    /// byte offsets) only those bytes are sent, with the Range actually sent and the Total size.
    private async ValueTask<(int Status, WbxmlElement? Properties)> FetchAttachmentAsync(EasRequestContext context, string fileReference,
        WbxmlElement? options, List<ReadOnlyMemory<byte>>? parts, CancellationToken ct)
    {
        var content = await ItemOperationsAttachments.ReadAsync(store, context.Mailbox, fileReference, ct).ConfigureAwait(false);
        if (content is null)
            return (ItemOperationsStatus.InvalidAttachment, null);

        var bytes = content.Bytes;
        var properties = new WbxmlElement(Ns, "Properties", new WbxmlElement("AirSyncBase", "ContentType", content.ContentType));
        var slice = new ReadOnlyMemory<byte>(bytes);
        if (options?.Element(Ns, "Range") is { } rangeElement)
        {
            if (!TryParseRange(rangeElement.Text, out var first, out var last) || first >= bytes.Length)
                return (ItemOperationsStatus.ByteRangeInvalid, null);
            last = Math.Min(last, bytes.Length - 1L);
            slice = slice.Slice((int)first, (int)(last - first + 1));
            properties.Add(new WbxmlElement(Ns, "Range", string.Create(CultureInfo.InvariantCulture, $"{first}-{last}")));
            properties.Add(new WbxmlElement(Ns, "Total", bytes.Length.ToString(CultureInfo.InvariantCulture)));
        }

        if (parts is not null)
        {
            parts.Add(slice);
            properties.Add(new WbxmlElement(Ns, "Part", (parts.Count - 1).ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            properties.Add(new WbxmlElement(Ns, "Data", Convert.ToBase64String(slice.Span)));
        }

        return (ItemOperationsStatus.Success, properties);
    }

    /// "first-last", both decimal byte offsets, first ≤ last.
    internal static bool TryParseRange(string? text, out long first, out long last)
    {
        first = 0;
        last = 0;
        if (text is null)
            return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 &&
               long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out first) &&
               long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out last) &&
               first <= last;
    }
}
