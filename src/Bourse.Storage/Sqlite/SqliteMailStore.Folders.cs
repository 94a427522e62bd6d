using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    private const int MaxFolderNameLength = 256;

    private const string FolderColumns = "f.id, f.parent, f.display_name, f.container_class, f.well_known, f.cn, f.total_count, f.unread_count, " +
        "f.modified, f.props, EXISTS(SELECT 1 FROM folders c WHERE c.mbx = f.mbx AND c.parent = f.id)";

    public ValueTask<IReadOnlyList<Folder>> GetFoldersAsync(MailboxId mailbox, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        var list = new List<Folder>();
        using (var r = WithMailbox(lease.Session.Command($"SELECT {FolderColumns} FROM folders f WHERE f.mbx = {MailboxOfGuid} ORDER BY f.id"), mailbox).ExecuteReader())
        {
            while (r.Read())
                list.Add(ReadFolder(r));
        }
        return ValueTask.FromResult<IReadOnlyList<Folder>>(ParentsFirst(list, f => f.Id.Value, f => f.ParentId?.Value));
    }

    public ValueTask<Folder?> GetFolderAsync(MailboxId mailbox, FolderId folder, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        return ValueTask.FromResult(ReadFolder(lease.Session, mailbox, folder.Value));
    }

    public ValueTask<Folder?> GetWellKnownFolderAsync(MailboxId mailbox, WellKnownFolder folder, CancellationToken ct = default)
    {
        using var lease = _reads.Rent();
        using var r = WithMailbox(lease.Session.Command($"SELECT {FolderColumns} FROM folders f WHERE f.mbx = {MailboxOfGuid} AND f.well_known = $w"), mailbox)
            .With("$w", (int)folder).ExecuteReader();
        return ValueTask.FromResult(r.Read() ? ReadFolder(r) : null);
    }

    public ValueTask<StoreResult<Folder>> CreateFolderAsync(MailboxId mailbox, FolderId parent, string displayName, string? containerClass,
        PropertyBag? properties = null, CancellationToken ct = default)
    {
        if (!IsValidFolderName(displayName))
            return ValueTask.FromResult(Fail<Folder>(StoreError.InvalidArgument, "A folder needs a name of 1 to 256 characters."));
        var props = properties?.Clone();
        return WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<Folder>(StoreError.MailboxNotFound, "No such mailbox.");
            if (!FolderExists(ctx.Session, mb.Mbx, parent.Value))
                return Fail<Folder>(StoreError.NotFound, "The parent folder does not exist.");
            if (SiblingNamed(ctx.Session, mb.Mbx, parent.Value, displayName, except: null))
                return Fail<Folder>(StoreError.AlreadyExists, "The parent already has a folder of that name.");
            var (cn, id) = Allocate(ctx, mb.Mbx, 1, 1);
            InsertFolder(ctx, mb, id, parent.Value, displayName, containerClass, null, cn, props, ctx.Time.GetUtcNow().UtcDateTime);
            ctx.Touch(mailbox, cn, parent.Value, hierarchy: true).Folders.Add(id);
            return StoreResult<Folder>.Ok(ReadFolder(ctx.Session, mb.Mbx, id)!);
        }, ct);
    }

    public ValueTask<StoreResult<Folder>> UpdateFolderAsync(MailboxId mailbox, FolderId folder, FolderUpdate update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.DisplayName is { } n && !IsValidFolderName(n))
            return ValueTask.FromResult(Fail<Folder>(StoreError.InvalidArgument, "A folder needs a name of 1 to 256 characters."));
        return WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<Folder>(StoreError.MailboxNotFound, "No such mailbox.");
            if (ReadFolder(ctx.Session, mb.Mbx, folder.Value) is not { } current)
                return Fail<Folder>(StoreError.NotFound, "No such folder.");
            var bag = current.Properties.Clone();
            if (update.Properties is { } changes)
                bag.Apply(changes);
            var name = update.DisplayName ?? (update.Properties?.Set.GetString(PropTags.DisplayName)) ?? current.DisplayName;
            if (!IsValidFolderName(name))
                return Fail<Folder>(StoreError.InvalidArgument, "A folder needs a name of 1 to 256 characters.");
            if (!string.Equals(name, current.DisplayName, StringComparison.Ordinal))
            {
                // MS-OXOSFLD 2.2: special folders keep their identity; clients may not rename them.
                if (current.IsWellKnown)
                    return Fail<Folder>(StoreError.WellKnownFolderProtected, "A well-known folder cannot be renamed.");
                if (current.ParentId is { } p && SiblingNamed(ctx.Session, mb.Mbx, p.Value, name, except: folder.Value))
                    return Fail<Folder>(StoreError.AlreadyExists, "The parent already has a folder of that name.");
            }
            var containerClass = update.Properties is null ? current.ContainerClass : bag.GetString(PropTags.ContainerClass);
            var (cn, _) = Allocate(ctx, mb.Mbx, 1, 0);
            var now = ctx.Time.GetUtcNow().UtcDateTime;
            StampFolder(bag, mb, folder.Value, name, containerClass, cn, now);
            ctx.Session.Command("""
                UPDATE folders SET display_name = $n, name_key = $k, container_class = $c, cn = $cn, props = $p, modified = $t
                WHERE mbx = $m AND id = $id
                """).With("$n", name).With("$k", NameKey(name)).With("$c", containerClass).With("$cn", cn)
                .With("$p", PropertyBagSerializer.Serialize(bag)).With("$t", now.Ticks).With("$m", mb.Mbx).With("$id", folder.Value).ExecuteNonQuery();
            ctx.Touch(mailbox, cn, folder.Value, hierarchy: true);
            return StoreResult<Folder>.Ok(ReadFolder(ctx.Session, mb.Mbx, folder.Value)!);
        }, ct);
    }

    public ValueTask<StoreResult<Folder>> MoveFolderAsync(MailboxId mailbox, FolderId folder, FolderId newParent, CancellationToken ct = default) =>
        WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<Folder>(StoreError.MailboxNotFound, "No such mailbox.");
            if (ReadFolder(ctx.Session, mb.Mbx, folder.Value) is not { } current)
                return Fail<Folder>(StoreError.NotFound, "No such folder.");
            if (current.IsWellKnown)
                return Fail<Folder>(StoreError.WellKnownFolderProtected, "A well-known folder cannot be moved.");
            if (!FolderExists(ctx.Session, mb.Mbx, newParent.Value))
                return Fail<Folder>(StoreError.NotFound, "The new parent folder does not exist.");
            // Walk up from the new parent: meeting the folder itself means it would become its own ancestor.
            for (long? at = newParent.Value; at is { } a; at = ParentOf(ctx.Session, mb.Mbx, a))
            {
                if (a == folder.Value)
                    return Fail<Folder>(StoreError.FolderCycle, "A folder cannot be moved into itself or its subtree.");
            }
            if (SiblingNamed(ctx.Session, mb.Mbx, newParent.Value, current.DisplayName, except: folder.Value))
                return Fail<Folder>(StoreError.AlreadyExists, "The new parent already has a folder of that name.");
            var (cn, _) = Allocate(ctx, mb.Mbx, 1, 0);
            var now = ctx.Time.GetUtcNow().UtcDateTime;
            var bag = current.Properties.Clone();
            StampFolder(bag, mb, folder.Value, current.DisplayName, current.ContainerClass, cn, now);
            ctx.Session.Command("UPDATE folders SET parent = $p, cn = $cn, props = $b, modified = $t WHERE mbx = $m AND id = $id")
                .With("$p", newParent.Value).With("$cn", cn).With("$b", PropertyBagSerializer.Serialize(bag)).With("$t", now.Ticks)
                .With("$m", mb.Mbx).With("$id", folder.Value).ExecuteNonQuery();
            var t = ctx.Touch(mailbox, cn, folder.Value, hierarchy: true);
            t.Folders.Add(newParent.Value);
            if (current.ParentId is { } old)
                t.Folders.Add(old.Value);
            return StoreResult<Folder>.Ok(ReadFolder(ctx.Session, mb.Mbx, folder.Value)!);
        }, ct);

    public ValueTask<StoreResult<bool>> DeleteFolderAsync(MailboxId mailbox, FolderId folder, CancellationToken ct = default) =>
        WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<bool>(StoreError.MailboxNotFound, "No such mailbox.");
            if (ReadFolderHeader(ctx.Session, mb.Mbx, folder.Value) is not { } header)
                return Fail<bool>(StoreError.NotFound, "No such folder.");
            if (header.WellKnown is not null)
                return Fail<bool>(StoreError.WellKnownFolderProtected, "A well-known folder cannot be deleted.");
            var subtree = Subtree(ctx.Session, mb.Mbx, folder.Value);
            foreach (var f in subtree)
                DeleteItemsOfFolder(ctx, mb, f);
            // Children first, so a hierarchy sync never sees a child whose parent is already gone.
            foreach (var f in Enumerable.Reverse(subtree))
            {
                var createdCn = ctx.Session.Command("SELECT created_cn FROM folders WHERE mbx = $m AND id = $id").With("$m", mb.Mbx).With("$id", f).ScalarInt64() ?? 0;
                var (cn, _) = Allocate(ctx, mb.Mbx, 1, 0);
                ctx.Session.Command("INSERT INTO folder_tombstones(mbx, cn, id, created_cn) VALUES($m, $cn, $id, $c)")
                    .With("$m", mb.Mbx).With("$cn", cn).With("$id", f).With("$c", createdCn).ExecuteNonQuery();
                ctx.Session.Command("DELETE FROM folders WHERE mbx = $m AND id = $id").With("$m", mb.Mbx).With("$id", f).ExecuteNonQuery();
                ctx.Touch(mailbox, cn, f, hierarchy: true);
            }
            if (header.Parent is { } parent)
                ctx.Touch(mailbox, 0, parent, hierarchy: true);
            return StoreResult<bool>.Ok(true);
        }, ct);

    public ValueTask<StoreResult<int>> EmptyFolderAsync(MailboxId mailbox, FolderId folder, bool includeSubfolders, CancellationToken ct = default) =>
        WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<int>(StoreError.MailboxNotFound, "No such mailbox.");
            if (!FolderExists(ctx.Session, mb.Mbx, folder.Value))
                return Fail<int>(StoreError.NotFound, "No such folder.");
            var folders = includeSubfolders ? Subtree(ctx.Session, mb.Mbx, folder.Value) : [folder.Value];
            var removed = 0;
            foreach (var f in folders)
                removed += DeleteItemsOfFolder(ctx, mb, f);
            return StoreResult<int>.Ok(removed);
        }, ct);

    // ---- helpers ---------------------------------------------------------------------------------

    private static bool IsValidFolderName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= MaxFolderNameLength && !name.Any(char.IsControl);

    /// <summary>Sibling names are unique case-insensitively (MS-OXCFOLD 3.2.5.2), across all of Unicode.</summary>
    private static string NameKey(string name) => name.ToUpperInvariant();

    private static void InsertFolder(WriteContext ctx, MailboxRow mb, long id, long? parent, string name, string? containerClass,
        WellKnownFolder? wellKnown, long cn, PropertyBag? properties, DateTime now)
    {
        var bag = properties ?? new PropertyBag();
        bag.Set(PropTags.CreationTime, now);
        // MS-OXCFOLD 2.2.2.2.1.1 PidTagFolderType: 0 = root, 1 = generic folder.
        bag.Set(PropTags.FolderType, wellKnown == WellKnownFolder.Root ? 0 : 1);
        StampFolder(bag, mb, id, name, containerClass, cn, now);
        ctx.Session.Command("""
            INSERT INTO folders(mbx, id, parent, display_name, name_key, container_class, well_known, created_cn, cn, props, modified)
            VALUES($m, $id, $p, $n, $k, $c, $w, $cn, $cn, $b, $t)
            """).With("$m", mb.Mbx).With("$id", id).With("$p", parent).With("$n", name).With("$k", NameKey(name)).With("$c", containerClass)
            .With("$w", wellKnown is { } w ? (int)w : null).With("$cn", cn).With("$b", PropertyBagSerializer.Serialize(bag)).With("$t", now.Ticks)
            .ExecuteNonQuery();
    }

    private static void StampFolder(PropertyBag bag, MailboxRow mb, long id, string name, string? containerClass, long cn, DateTime now)
    {
        bag.Set(PropTags.DisplayName, name);
        if (containerClass is null)
            bag.Remove(PropTags.ContainerClass);
        else
            bag.Set(PropTags.ContainerClass, containerClass);
        bag.Set(PropTags.LastModificationTime, now);
        bag.Set(PropTags.ChangeKey, Key(mb.Replica, cn));
        bag.Set(PropTags.SourceKey, Key(mb.Replica, id));
        // Counts are live columns, never stale copies in the bag.
        bag.Remove(PropTags.ContentCount);
        bag.Remove(PropTags.ContentUnreadCount);
        bag.Remove(PropTags.Subfolders);
    }

    private static bool FolderExists(SqliteSession s, long mbx, long id) =>
        s.Command("SELECT 1 FROM folders WHERE mbx = $m AND id = $id").With("$m", mbx).With("$id", id).ExecuteScalar() is not null;

    private static long? ParentOf(SqliteSession s, long mbx, long id) =>
        s.Command("SELECT parent FROM folders WHERE mbx = $m AND id = $id").With("$m", mbx).With("$id", id).ScalarInt64();

    private static bool SiblingNamed(SqliteSession s, long mbx, long parent, string name, long? except) =>
        s.Command("SELECT id FROM folders WHERE mbx = $m AND parent = $p AND name_key = $k").With("$m", mbx).With("$p", parent)
            .With("$k", NameKey(name)).ScalarInt64() is { } id && id != except;

    private sealed record FolderHeader(long? Parent, int? WellKnown);

    private static FolderHeader? ReadFolderHeader(SqliteSession s, long mbx, long id)
    {
        using var r = s.Command("SELECT parent, well_known FROM folders WHERE mbx = $m AND id = $id").With("$m", mbx).With("$id", id).ExecuteReader();
        return r.Read() ? new FolderHeader(r.GetNullableInt64(0), r.GetNullableInt64(1) is { } w ? (int)w : null) : null;
    }

    /// <summary>The folder and all its descendants, parents before children.</summary>
    private static List<long> Subtree(SqliteSession s, long mbx, long root)
    {
        var list = new List<long>();
        using var r = s.Command("""
            WITH RECURSIVE sub(id, depth) AS (
                SELECT $f, 0
                UNION ALL
                SELECT f.id, sub.depth + 1 FROM folders f JOIN sub ON f.parent = sub.id WHERE f.mbx = $m)
            SELECT id FROM sub ORDER BY depth, id
            """).With("$m", mbx).With("$f", root).ExecuteReader();
        while (r.Read())
            list.Add(r.GetInt64(0));
        return list;
    }

    private static Folder? ReadFolder(SqliteSession s, MailboxId mailbox, long id)
    {
        using var r = WithMailbox(s.Command($"SELECT {FolderColumns} FROM folders f WHERE f.mbx = {MailboxOfGuid} AND f.id = $id"), mailbox)
            .With("$id", id).ExecuteReader();
        return r.Read() ? ReadFolder(r) : null;
    }

    private static Folder? ReadFolder(SqliteSession s, long mbx, long id)
    {
        using var r = s.Command($"SELECT {FolderColumns} FROM folders f WHERE f.mbx = $m AND f.id = $id").With("$m", mbx).With("$id", id).ExecuteReader();
        return r.Read() ? ReadFolder(r) : null;
    }

    private static Folder ReadFolder(SqliteDataReader r, int at = 0)
    {
        var name = r.GetString(at + 2);
        var containerClass = r.GetNullableString(at + 3);
        var total = (int)r.GetInt64(at + 6);
        var unread = (int)r.GetInt64(at + 7);
        var bag = DecodeBag(r.GetFieldValue<byte[]>(at + 9), () => new PropertyBag());
        bag.Set(PropTags.DisplayName, name);
        if (containerClass is not null)
            bag.Set(PropTags.ContainerClass, containerClass);
        bag.Set(PropTags.ContentCount, total);
        bag.Set(PropTags.ContentUnreadCount, unread);
        bag.Set(PropTags.Subfolders, r.GetInt64(at + 10) != 0);
        return new Folder(
            new FolderId(r.GetInt64(at)),
            r.GetNullableInt64(at + 1) is { } p ? new FolderId(p) : null,
            name,
            containerClass,
            r.GetNullableInt64(at + 4) is { } w ? (WellKnownFolder)w : null,
            r.GetInt64(at + 5),
            total,
            unread,
            new DateTime(r.GetInt64(at + 8), DateTimeKind.Utc),
            bag);
    }

    /// <summary>Orders a list so that a parent in the list comes before its children (hierarchy syncs need it).</summary>
    private static List<T> ParentsFirst<T>(List<T> items, Func<T, long> id, Func<T, long?> parent)
    {
        var byId = items.ToDictionary(id);
        var done = new HashSet<long>();
        var result = new List<T>(items.Count);
        foreach (var item in items)
            Visit(item, 0);
        return result;

        void Visit(T item, int depth)
        {
            if (done.Contains(id(item)))
                return;
            if (depth < 1000 && parent(item) is { } p && byId.TryGetValue(p, out var parentItem) && !done.Contains(p))
                Visit(parentItem, depth + 1);
            if (done.Add(id(item)))
                result.Add(item);
        }
    }
}
