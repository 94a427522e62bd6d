using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// A new item made ready outside the writer (in the caller's task): bag stamped except for the change-number dependent
/// properties, size computed, blobs staged. The writer only assigns ids and runs SQL.
/// </summary>
internal sealed class PreparedItem
{
    public required PropertyBag Bag { get; init; }

    /// <summary>
    /// The serialized bag without ChangeKey and SourceKey, which the writer appends once it has the numbers, and without the
    /// properties kept in the MIME (<see cref="MimeRefs"/>).
    /// </summary>
    public required byte[] PropsWithoutKeys { get; init; }
    public required ItemColumns Columns { get; init; }
    public required long Size { get; init; }
    public required List<Recipient> Recipients { get; init; }
    public byte[]? RecipientsBlob { get; init; }
    public required List<PreparedAttachment> Attachments { get; init; }
    public StagedBlob? Mime { get; init; }

    /// <summary>The references of the properties left out of <see cref="PropsWithoutKeys"/> (<see cref="Sqlite.MimeRefs"/>).</summary>
    public byte[]? MimeRefs { get; init; }
    public string? StoredSearchText { get; init; }

    public IEnumerable<StagedBlob> Blobs => Attachments.Select(a => a.Content).Prepend(Mime).OfType<StagedBlob>();
}

internal sealed record PreparedAttachment(int Number, PropertyBag Properties, byte[] PropsBlob, long Size, StagedBlob? Content);
