namespace Bourse.Mailbox;

/// <summary>Limits and choices for <see cref="MimeItemMapper"/>. Defaults suit delivery.</summary>
public sealed record MimeMapOptions
{
    public static MimeMapOptions Default { get; } = new();

    /// <summary>The most characters of body text given to the search index (<c>NewItem.SearchText</c>).</summary>
    public int MaxSearchTextChars { get; init; } = 64 * 1024;

    /// <summary>The most characters kept in PidTagTransportMessageHeaders.</summary>
    public int MaxTransportHeaderChars { get; init; } = 256 * 1024;

    /// <summary>The most characters kept of the subject.</summary>
    public int MaxSubjectChars { get; init; } = 4 * 1024;

    /// <summary>The most attachments mapped into the attachment table; further parts are left in the MIME only.</summary>
    public int MaxAttachments { get; init; } = 500;

    /// <summary>How deep multiparts and embedded messages are followed.</summary>
    public int MaxDepth { get; init; } = 32;
}
