namespace Bourse.Server.Import;

/// <summary>Reads one message file (Maildir entry or .eml) exactly as stored.</summary>
internal static class FileMessage
{
    /// <param name="isRead">The read state from the source, or null to take it from Status/X-Status headers.</param>
    /// <param name="fallbackDate">The date to use when the message has no Date header; the file time when null.</param>
    public static async ValueTask<ImportMessage> ReadAsync(string file, string folderPath, bool? isRead, DateTime? fallbackDate, int number, CancellationToken ct)
    {
        var origin = $"file {file}";
        try
        {
            var bytes = await File.ReadAllBytesAsync(file, ct);
            fallbackDate ??= File.GetLastWriteTimeUtc(file);
            return new ImportMessage(bytes, folderPath, fallbackDate, isRead, origin) { Position = number };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ImportMessage(ReadOnlyMemory<byte>.Empty, folderPath, null, false, origin)
            {
                Problem = $"cannot be read: {Cli.CliOutput.OneLine(ex.Message)}",
                Position = number,
            };
        }
    }
}
