using Bourse.Server.Cli;

namespace Bourse.Server.Import;

/// <summary>What PATH is (an mbox file, a single .eml, a Maildir, or a folder of .eml files), its messages, and how progress is measured.</summary>
internal sealed record ImportSource(string Kind, long Total, bool TotalIsBytes, Func<CancellationToken, IAsyncEnumerable<ImportMessage>> Read)
{
    public static async Task<(ImportSource? Source, CliFailure? Failure)> DetectAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            if (await MboxReader.LooksLikeMboxAsync(full, ct))
                return (new ImportSource("mbox file", new FileInfo(full).Length, true, c => MboxReader.ReadAsync(full, c)), null);
            if (full.EndsWith(".eml", StringComparison.OrdinalIgnoreCase))
                return (new ImportSource(".eml file", 1, false, c => Single(full, c)), null);
            return (null, new CliFailure($"{full} is neither an mbox file (it does not start with a 'From ' line) nor an .eml file."));
        }
        if (System.IO.Directory.Exists(full))
        {
            if (MaildirReader.IsMaildir(full))
                return (new ImportSource("Maildir", MaildirReader.Enumerate(full).Count, false, c => MaildirReader.ReadAsync(full, c)), null);
            var emls = EmlFolderReader.Enumerate(full);
            if (emls.Count > 0)
                return (new ImportSource("folder of .eml files", emls.Count, false, c => EmlFolderReader.ReadAsync(full, c)), null);
            return (null, new CliFailure($"{full} is neither a Maildir (no cur/ or new/) nor a folder of .eml files."));
        }
        return (null, new CliFailure($"{full} does not exist."));
    }

    private static async IAsyncEnumerable<ImportMessage> Single(string file, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        yield return await FileMessage.ReadAsync(file, "", isRead: null, fallbackDate: null, 1, ct);
    }
}
