using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Mailbox;

/// <summary>What the mapper has gathered so far; whatever it holds when parsing stops becomes the item.</summary>
internal sealed class MimeMapContext(ReadOnlyMemory<byte> mime, MimeMapOptions options)
{
    public ReadOnlyMemory<byte> Mime { get; } = mime;
    public MimeMapOptions Options { get; } = options;
    // A mapped message has 30–40 properties: room for them up front instead of growing the bag four times.
    public PropertyBag Properties { get; } = new(48);
    public List<Recipient> Recipients { get; } = [];
    public List<NewAttachment> Attachments { get; } = [];
    public string? SearchText { get; set; }

    /// <summary>Set when PidTagHasAttachments is not simply "a visible attachment row exists" (clear-signed messages).</summary>
    public bool? HasAttachments { get; set; }

    public NewItem ToNewItem()
    {
        var item = new NewItem(Properties) { Mime = Mime, SearchText = SearchText };
        item.Recipients.AddRange(Recipients);
        item.Attachments.AddRange(Attachments);
        return item;
    }
}
