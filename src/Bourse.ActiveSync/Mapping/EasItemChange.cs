using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// What a device's Sync Change asks for: property writes and deletions, plus the parts a property bag cannot express —
/// the read state (a bit of PidTagMessageFlags), a new recipient table and attachments added or removed.
internal sealed class EasItemChange
{
    internal PropertyChanges Properties { get; } = new();

    /// Email Read; null when the Change does not touch it.
    internal bool? Read { get; set; }

    /// New recipient rows replacing every stored row of the types in <see cref="ReplacedRecipientTypes"/> (calendar
    /// attendees, 16.0 draft To/Cc/Bcc); null when the recipients are unchanged.
    internal IReadOnlyList<Recipient>? Recipients { get; set; }

    /// The recipient types whose rows <see cref="Recipients"/> replaces.
    internal IReadOnlyCollection<RecipientType> ReplacedRecipientTypes { get; set; } = [];

    /// Attachments to add (16.0 drafts and calendar items), each with the device's ClientId.
    internal List<(string? ClientId, NewAttachment Attachment)> AddedAttachments { get; } = [];

    /// PidTagAttachNumber of attachments to remove (from the FileReferences the device sent).
    internal List<int> DeletedAttachments { get; } = [];

    /// True when the Change edits a mail's content (16.0 drafts only; the handler refuses it for a sent message).
    internal bool ChangesDraftContent { get; set; }

    /// The property changes with Read folded into PidTagMessageFlags of <paramref name="current"/>.
    // MS-OXCMSG 2.2.1.6: mfRead is the read state; mfEverRead records that the message was read once.
    internal PropertyChanges ToPropertyChanges(PropertyBag current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (Read is not { } read)
        {
            return Properties;
        }

        var result = new PropertyChanges();
        foreach (var (k, v) in Properties.Set)
        {
            result.With(k, v);
        }

        foreach (var k in Properties.Remove)
        {
            result.Without(k);
        }

        var flags = (MessageFlags)(current.GetInt32(PropTags.MessageFlags) ?? 0);
        flags = read ? flags | MessageFlags.Read | MessageFlags.EverRead : flags & ~MessageFlags.Read;
        result.With(PropTags.MessageFlags, PropertyValue.Long((int)flags));
        return result;
    }
}
