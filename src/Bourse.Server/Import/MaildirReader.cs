using System.Globalization;
using System.Runtime.CompilerServices;

namespace Bourse.Server.Import;

/// <summary>
/// Reads a Maildir (cur/ and new/) and its Maildir++ subfolders (".Name", ".Parent.Child", names in IMAP modified
/// UTF-7). A message in cur/ whose info is ":2,…S…" is seen; messages in new/ are unseen. The date fallback is the
/// delivery timestamp that starts a Maildir file name, else the file's modification time.
/// </summary>
internal static class MaildirReader
{
    public static bool IsMaildir(string directory) =>
        System.IO.Directory.Exists(Path.Combine(directory, "cur")) || System.IO.Directory.Exists(Path.Combine(directory, "new"));

    /// <summary>The files to import, folder by folder (the root first), for counting and progress.</summary>
    public static IReadOnlyList<(string File, string FolderPath, bool InNew)> Enumerate(string root)
    {
        var result = new List<(string, string, bool)>();
        AddFolder(root, "");
        var subfolders = new DirectoryInfo(root).EnumerateDirectories(".*")
            .Where(d => d.Name.Length > 1 && d.Name != ".." && IsMaildir(d.FullName))
            .OrderBy(d => d.Name, StringComparer.Ordinal);
        foreach (var sub in subfolders)
        {
            var segments = sub.Name[1..].Split('.', StringSplitOptions.RemoveEmptyEntries).Select(ImapUtf7.Decode);
            AddFolder(sub.FullName, string.Join('/', segments));
        }
        return result;

        void AddFolder(string dir, string folderPath)
        {
            foreach (var (sub, inNew) in new[] { ("cur", false), ("new", true) })
            {
                var path = Path.Combine(dir, sub);
                if (!System.IO.Directory.Exists(path))
                    continue;
                foreach (var file in System.IO.Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
                {
                    if (!Path.GetFileName(file).StartsWith('.'))
                        result.Add((file, folderPath, inNew));
                }
            }
        }
    }

    public static async IAsyncEnumerable<ImportMessage> ReadAsync(string root, [EnumeratorCancellation] CancellationToken ct)
    {
        var files = Enumerate(root);
        for (var i = 0; i < files.Count; i++)
        {
            var (file, folderPath, inNew) = files[i];
            var name = Path.GetFileName(file);
            var seen = !inNew && IsSeen(name);
            yield return await FileMessage.ReadAsync(file, folderPath, seen, DeliveryTimestamp(name), i + 1, ct);
        }
    }

    /// <summary>Maildir info "unique:2,FLAGS" (':' is '!' or ';' on file systems that forbid it); S = seen.</summary>
    internal static bool IsSeen(string fileName)
    {
        var info = fileName.LastIndexOfAny([':', '!', ';']);
        if (info < 0 || !fileName.AsSpan(info + 1).StartsWith("2,", StringComparison.Ordinal))
            return false;
        return fileName.AsSpan(info + 3).Contains('S');
    }

    /// <summary>Maildir file names start with the delivery time in seconds since the epoch ("1700000000.M1P2.host").</summary>
    private static DateTime? DeliveryTimestamp(string fileName)
    {
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && long.TryParse(fileName.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : null;
    }
}
