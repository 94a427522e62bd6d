using System.Runtime.CompilerServices;

namespace Bourse.Server.Import;

/// <summary>Reads a folder of .eml files; each subdirectory becomes a subfolder of the same name. Read state comes from Status/X-Status headers.</summary>
internal static class EmlFolderReader
{
    public static IReadOnlyList<(string File, string FolderPath)> Enumerate(string root)
    {
        var rootFull = Path.GetFullPath(root);
        return System.IO.Directory.EnumerateFiles(rootFull, "*.eml", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Select(f => (File: f, FolderPath: Path.GetRelativePath(rootFull, Path.GetDirectoryName(f)!).Replace('\\', '/')))
            .Select(x => (x.File, x.FolderPath == "." ? "" : x.FolderPath))
            .OrderBy(x => x.Item2, StringComparer.Ordinal).ThenBy(x => x.File, StringComparer.Ordinal)
            .ToList();
    }

    public static async IAsyncEnumerable<ImportMessage> ReadAsync(string root, [EnumeratorCancellation] CancellationToken ct)
    {
        var files = Enumerate(root);
        for (var i = 0; i < files.Count; i++)
            yield return await FileMessage.ReadAsync(files[i].File, files[i].FolderPath, isRead: null, fallbackDate: null, i + 1, ct);
    }
}
