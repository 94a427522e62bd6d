using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.Server.Import;

/// <summary>
/// Turns import folder paths into store folders, creating missing ones. The target is --folder (a '/'-separated path
/// below the top of the information store, e.g. "Archive/2019") or the Inbox. Subfolders of the source go below the
/// target when --folder was given; otherwise they go to the top of the store, and well-known names ("Sent", "Trash",
/// "Spam"…) land in the matching well-known folder.
/// </summary>
internal sealed class ImportFolders(IMailStore store, MailboxId mailbox, string? targetPath)
{
    private readonly Dictionary<string, FolderId> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private List<Folder>? _folders;

    private static readonly Dictionary<string, WellKnownFolder> WellKnownNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["INBOX"] = WellKnownFolder.Inbox,
        ["Sent"] = WellKnownFolder.SentItems,
        ["Sent Items"] = WellKnownFolder.SentItems,
        ["Sent Messages"] = WellKnownFolder.SentItems,
        ["Sent Mail"] = WellKnownFolder.SentItems,
        ["Drafts"] = WellKnownFolder.Drafts,
        ["Trash"] = WellKnownFolder.DeletedItems,
        ["Deleted Items"] = WellKnownFolder.DeletedItems,
        ["Deleted Messages"] = WellKnownFolder.DeletedItems,
        ["Junk"] = WellKnownFolder.JunkEmail,
        ["Junk Email"] = WellKnownFolder.JunkEmail,
        ["Junk E-mail"] = WellKnownFolder.JunkEmail,
        ["Spam"] = WellKnownFolder.JunkEmail,
        ["Outbox"] = WellKnownFolder.Outbox,
    };

    /// <summary>The store folder for a source folder path ("" is the target); null with a reason when it cannot be made.</summary>
    public async ValueTask<(Folder? Folder, string? Problem)> ResolveAsync(string sourcePath, CancellationToken ct)
    {
        _folders ??= [.. await store.GetFoldersAsync(mailbox, ct)];
        var key = sourcePath;
        if (_resolved.TryGetValue(key, out var known))
            return (_folders.First(f => f.Id == known), null);

        var segments = Split(sourcePath);
        Folder? current;
        if (!string.IsNullOrWhiteSpace(targetPath))
        {
            current = Find(WellKnownFolder.IpmSubtree);
            segments = [.. Split(targetPath), .. segments];
        }
        else if (segments.Count == 0)
        {
            current = Find(WellKnownFolder.Inbox);
        }
        else
        {
            current = WellKnownNames.TryGetValue(segments[0], out var wk) ? Find(wk) : null;
            if (current is not null)
                segments = segments.Skip(1).ToList();
            else
                current = Find(WellKnownFolder.IpmSubtree);
        }
        if (current is null)
            return (null, "the mailbox has no top of information store");

        foreach (var name in segments)
        {
            var child = _folders.FirstOrDefault(f => f.ParentId == current.Id && string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase));
            if (child is null)
            {
                var created = await store.CreateFolderAsync(mailbox, current.Id, name, current.ContainerClass ?? "IPF.Note", ct: ct);
                if (!created.IsSuccess)
                    return (null, $"folder '{name}' cannot be created: {created.Message ?? created.Error.ToString()}");
                child = created.Value;
                _folders.Add(child);
            }
            current = child;
        }
        _resolved[key] = current.Id;
        return (current, null);
    }

    /// <summary>Display path of a folder below the top of the information store ("Inbox", "Archive/2019").</summary>
    public string PathOf(Folder folder)
    {
        var parts = new List<string>();
        var byId = _folders!.ToDictionary(f => f.Id);
        for (var f = folder; f is not null && f.WellKnown is not (WellKnownFolder.IpmSubtree or WellKnownFolder.Root);
             f = f.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent : null)
            parts.Add(f.DisplayName);
        parts.Reverse();
        return string.Join('/', parts);
    }

    private Folder? Find(WellKnownFolder wk) => _folders!.FirstOrDefault(f => f.WellKnown == wk);

    private static List<string> Split(string path) =>
        [.. path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
