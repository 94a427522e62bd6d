using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// The recipient and attachment part of an <see cref="ItemUpdate"/> made ready outside the writer: recipient rows
/// serialized, attachment properties stamped except for their numbers (which depend on the stored rows), contents staged.
/// </summary>
internal sealed class PreparedUpdate
{
    /// <summary>The serialized new recipient table (null for none); meaningful only when <see cref="ReplacesRecipients"/>.</summary>
    public byte[]? RecipientsBlob { get; init; }

    public bool ReplacesRecipients { get; init; }

    public required List<PreparedNewAttachment> Attachments { get; init; }

    /// <summary>Attachment numbers to remove, each once.</summary>
    public required HashSet<int> RemoveAttachments { get; init; }

    public IEnumerable<StagedBlob> Blobs => Attachments.Select(a => a.Content).OfType<StagedBlob>();
}

/// <summary>An attachment to add: its properties (PidTagAttachNumber still to set), content size and staged content.</summary>
internal sealed record PreparedNewAttachment(PropertyBag Properties, long Size, StagedBlob? Content);
