using Bourse.Core.Properties;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    /// <summary>
    /// Puts the properties an item keeps in its MIME (<see cref="MimeRefs"/>) back into <paramref name="bag"/>: from the
    /// inline blob, or only the referenced range of a blob file. A missing or damaged MIME leaves them out.
    /// </summary>
    private static void RestoreMimeRefs(SqliteSession s, BlobFileStore files, ItemRow row, PropertyBag bag)
    {
        if (row.MimeRefs is not { } refs || row.MimeBlob is not { } blob)
            return;
        var ranges = MimeRefs.Read(refs);
        if (ranges.Count == 0)
            return;
        using var r = s.Command("SELECT data, path FROM blobs WHERE id = $b").With("$b", blob).ExecuteReader();
        if (!r.Read())
            return;
        if (r.GetNullableString(1) is { } path)
        {
            var start = ranges.Min(x => (long)x.Offset);
            var end = ranges.Max(x => (long)x.Offset + x.Length);
            if (start < 0 || end - start > int.MaxValue || files.ReadRange(path, start, (int)(end - start)) is not { } window)
                return;
            MimeRefs.Restore(bag, refs, window, start);
        }
        else if (!r.IsDBNull(0))
        {
            MimeRefs.Restore(bag, refs, r.GetFieldValue<byte[]>(0));
        }
    }
}
