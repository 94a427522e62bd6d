namespace Bourse.Server.Import;

/// <summary>
/// One message read from an import source: its exact bytes, the folder path below the import target ("" for the target
/// itself, '/'-separated otherwise), a fallback date when it has no Date header (mbox From_ line, Maildir file name or
/// file time), its read state (null: from Status/X-Status headers), and where it came from for error reports. <see cref="Problem"/> is set instead of bytes
/// when the message could not be read at all.
/// </summary>
internal sealed record ImportMessage(ReadOnlyMemory<byte> Mime, string FolderPath, DateTime? FallbackDateUtc, bool? IsRead, string Origin)
{
    public string? Problem { get; init; }

    /// <summary>Bytes consumed from the source so far (for progress), when the source is measured in bytes.</summary>
    public long Position { get; init; }
}
