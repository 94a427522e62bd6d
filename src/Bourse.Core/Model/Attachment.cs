using Bourse.Core.Properties;

namespace Bourse.Core.Model;

/// <summary>How an attachment's data is held (PidTagAttachMethod, MS-OXCMSG 2.2.2.9).</summary>
public enum AttachMethod
{
    None = 0,
    ByValue = 1,
    ByReference = 2,
    EmbeddedMessage = 5,
    Ole = 6,
}

/// <summary>A row of a message's attachment table. The content itself is streamed from the store on demand.</summary>
public sealed class Attachment
{
    public Attachment(int number, long size, PropertyBag properties)
    {
        Number = number;
        Size = size;
        Properties = properties ?? throw new ArgumentNullException(nameof(properties));
    }

    /// <summary>PidTagAttachNumber: the attachment's index within its message, stable for the message's lifetime.</summary>
    public int Number { get; }

    public long Size { get; }

    public PropertyBag Properties { get; }

    public string FileName => Properties.GetString(PropTags.AttachLongFilename) ?? Properties.GetString(PropTags.AttachFilename) ?? $"attachment{Number}";

    public string ContentType => Properties.GetString(PropTags.AttachMimeTag) ?? "application/octet-stream";

    public string? ContentId => Properties.GetString(PropTags.AttachContentId);

    public bool IsInline => Properties.GetBoolean(PropTags.AttachmentHidden) ?? false;
}

/// <summary>An attachment being added to a new item.</summary>
public sealed record NewAttachment(PropertyBag Properties, ReadOnlyMemory<byte> Content);
