using System.Globalization;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;
using MimeKit;

namespace Bourse.Server.Export;

/// <summary>
/// Writes every message of a mailbox as DIR/&lt;folder path&gt;/&lt;received time&gt;-&lt;item id&gt;.eml: the stored MIME byte for
/// byte, or MIME built from the item's properties when it has none. File times are set to the received time.
/// </summary>
internal sealed class MailExporter(IMailStore store)
{
    public sealed record Result(int Messages, int Built, long Bytes, int Folders);

    public async Task<Result> ExportAsync(MailboxId mailbox, string directory, Action<int>? progress, CancellationToken ct)
    {
        var folders = await store.GetFoldersAsync(mailbox, ct);
        var byId = folders.ToDictionary(f => f.Id);
        int messages = 0, built = 0, folderCount = 0;
        long bytes = 0;
        foreach (var folder in folders.Where(f => IsInIpmSubtree(f, byId)))
        {
            if (folder.TotalCount == 0)
                continue;
            folderCount++;
            var folderDir = Path.Combine(directory, Path.Combine(PathSegments(folder, byId).Select(SafeName).ToArray()));
            System.IO.Directory.CreateDirectory(folderDir);
            for (var offset = 0; ; offset += 200)
            {
                var page = await store.ListItemsAsync(mailbox, folder.Id,
                    new ItemQuery { SortBy = ItemSortField.ReceivedTime, Descending = false, Offset = offset, Limit = 200 }, ct);
                foreach (var summary in page.Items)
                {
                    var file = Path.Combine(folderDir, string.Create(CultureInfo.InvariantCulture,
                        $"{summary.ReceivedUtc:yyyyMMdd'T'HHmmss}-{summary.Id.Value}.eml"));
                    var (written, fromProperties) = await WriteAsync(mailbox, summary.Id, file, ct);
                    if (written < 0)
                        continue;
                    File.SetLastWriteTimeUtc(file, DateTime.SpecifyKind(summary.ReceivedUtc, DateTimeKind.Utc));
                    messages++;
                    bytes += written;
                    if (fromProperties)
                        built++;
                    progress?.Invoke(messages);
                }
                if (page.Items.Count < 200)
                    break;
            }
        }
        return new Result(messages, built, bytes, folderCount);
    }

    private async Task<(long Bytes, bool Built)> WriteAsync(MailboxId mailbox, ItemId id, string file, CancellationToken ct)
    {
        await using (var mime = await store.OpenMimeAsync(mailbox, id, ct))
        {
            if (mime is not null)
            {
                await using var output = File.Create(file);
                await mime.CopyToAsync(output, ct);
                return (output.Length, false);
            }
        }
        var item = await store.GetItemAsync(mailbox, id, ct);
        if (item is null)
            return (-1, false); // deleted meanwhile
        var message = await MimeFromProperties.BuildAsync(store, mailbox, item, ct);
        await using (var output = File.Create(file))
        {
            await message.WriteToAsync(FormatOptions.Default, output, ct);
            return (output.Length, true);
        }
    }

    private static bool IsInIpmSubtree(Folder folder, Dictionary<FolderId, Folder> byId)
    {
        for (var f = folder; f.ParentId is { } parent && byId.TryGetValue(parent, out var p); f = p)
        {
            if (p.WellKnown == WellKnownFolder.IpmSubtree)
                return true;
        }
        return false;
    }

    private static List<string> PathSegments(Folder folder, Dictionary<FolderId, Folder> byId)
    {
        var segments = new List<string>();
        for (var f = folder; f.WellKnown != WellKnownFolder.IpmSubtree; f = byId[f.ParentId!.Value])
            segments.Add(f.DisplayName);
        segments.Reverse();
        return segments;
    }

    /// <summary>A folder name usable as a directory name on every platform.</summary>
    internal static string SafeName(string name)
    {
        var chars = name.Select(c => c < 32 || "<>:\"/\\|?*".Contains(c, StringComparison.Ordinal) ? '_' : c).ToArray();
        var safe = new string(chars).Trim().TrimEnd('.');
        return safe.Length == 0 || safe is "." or ".." ? "_" : safe;
    }
}
