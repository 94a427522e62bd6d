using System.Globalization;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// Names of the log files: <c>protocol-YYYYMMDD.jsonl</c> for a UTC day, then <c>protocol-YYYYMMDD.1.jsonl</c>,
/// <c>.2</c> … when the size cap rolls the day over. Sorting by (day, sequence) is the order lines were written in.
/// </summary>
internal static class ProtocolLogFileNames
{
    public const string Prefix = "protocol-";
    public const string Extension = ".jsonl";

    public static string For(DateOnly day, int sequence) =>
        Prefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (sequence == 0 ? "" : "." + sequence.ToString(CultureInfo.InvariantCulture)) + Extension;

    public static bool TryParse(string fileName, out DateOnly day, out int sequence)
    {
        day = default;
        sequence = 0;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }
        var middle = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Extension.Length);
        if (middle.Length < 8 || !DateOnly.TryParseExact(middle[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return false;
        }
        if (middle.Length == 8)
        {
            return true;
        }
        return middle[8] == '.' && int.TryParse(middle[9..], NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
    }

    /// <summary>The log files in a folder, oldest first.</summary>
    public static List<(string Path, DateOnly Day, int Sequence)> List(string directory)
    {
        var files = new List<(string, DateOnly, int)>();
        if (!System.IO.Directory.Exists(directory))
        {
            return files;
        }
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, Prefix + "*" + Extension))
        {
            if (TryParse(Path.GetFileName(path), out var day, out var sequence))
            {
                files.Add((path, day, sequence));
            }
        }
        files.Sort(static (a, b) => a.Item2 != b.Item2 ? a.Item2.CompareTo(b.Item2) : a.Item3.CompareTo(b.Item3));
        return files;
    }
}
