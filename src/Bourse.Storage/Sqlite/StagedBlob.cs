namespace Bourse.Storage.Sqlite;

/// <summary>A blob ready to be referenced by a write: inline bytes, or a file already written and fsynced.</summary>
internal sealed record StagedBlob(byte[]? Inline, string? FilePath, long Size);
