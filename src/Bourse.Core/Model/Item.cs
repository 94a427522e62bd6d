using Bourse.Core.Ids;
using Bourse.Core.Properties;

namespace Bourse.Core.Model;

/// <summary>A message-class item (mail, appointment, contact, task, note …) with its recipient and attachment tables.</summary>
public sealed class Item
{
    public Item(ItemId id, FolderId folderId, long changeNumber, PropertyBag properties,
        IReadOnlyList<Recipient> recipients, IReadOnlyList<Attachment> attachments, bool hasMime, long size)
    {
        Id = id;
        FolderId = folderId;
        ChangeNumber = changeNumber;
        Properties = properties;
        Recipients = recipients;
        Attachments = attachments;
        HasMime = hasMime;
        Size = size;
    }

    public ItemId Id { get; }
    public FolderId FolderId { get; }
    public long ChangeNumber { get; }
    public PropertyBag Properties { get; }
    public IReadOnlyList<Recipient> Recipients { get; }
    public IReadOnlyList<Attachment> Attachments { get; }

    /// <summary>True when the item arrived or was sent as MIME and the original bytes are kept byte-exact.</summary>
    public bool HasMime { get; }

    public long Size { get; }

    public string MessageClass => Properties.GetString(PropTags.MessageClass) ?? "IPM.Note";
    public string Subject => Properties.GetString(PropTags.Subject) ?? "";
    public bool IsRead => ((MessageFlags)(Properties.GetInt32(PropTags.MessageFlags) ?? 0)).HasFlag(MessageFlags.Read);
    public DateTime? ReceivedUtc => Properties.GetDateTime(PropTags.MessageDeliveryTime);
    public FlagStatus FlagStatus => (FlagStatus)(Properties.GetInt32(PropTags.FlagStatus) ?? 0);
}

/// <summary>An item to be created: its properties, recipient rows, attachments and, optionally, its original MIME.</summary>
public sealed class NewItem
{
    public NewItem(PropertyBag properties) => Properties = properties ?? throw new ArgumentNullException(nameof(properties));

    public PropertyBag Properties { get; }
    public List<Recipient> Recipients { get; } = [];
    public List<NewAttachment> Attachments { get; } = [];

    /// <summary>The original RFC 5322 bytes, kept byte-exact; empty when the item was not created from MIME.</summary>
    public ReadOnlyMemory<byte> Mime { get; init; }

    /// <summary>
    /// Text indexed for full-text search in addition to subject and sender, when it is not the plain-text body
    /// (PidTagBody); null: the store indexes the body.
    /// </summary>
    public string? SearchText { get; init; }
}

/// <summary>A row of a folder contents listing: the materialized, indexed columns only.</summary>
public sealed record ItemSummary(
    ItemId Id,
    FolderId FolderId,
    long ChangeNumber,
    string MessageClass,
    string Subject,
    string? SenderName,
    string? SenderAddress,
    DateTime ReceivedUtc,
    bool IsRead,
    FlagStatus FlagStatus,
    int Importance,
    bool HasAttachments,
    long Size,
    DateTime? StartUtc,
    DateTime? EndUtc);
