using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Directory;
using Bourse.Directory.Sqlite;
using Bourse.Storage;
using Bourse.Storage.Sqlite;

namespace Bourse.Server.Tests.Infrastructure;

/// <summary>Opens a data directory's store and directory in the test process to check what the CLI or server wrote.</summary>
internal sealed class StoreInspector : IAsyncDisposable
{
    private StoreInspector(SqliteMailStore store, SqliteDirectory directory)
    {
        Store = store;
        Directory = directory;
    }

    public SqliteMailStore Store { get; }
    public SqliteDirectory Directory { get; }

    public static async Task<StoreInspector> OpenAsync(string dataDirectory)
    {
        var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = dataDirectory });
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = dataDirectory });
        return new StoreInspector(store, directory);
    }

    public async Task<MailboxId> MailboxOfAsync(string address) =>
        (await Directory.FindUserByAddressAsync(address))?.MailboxId ?? throw new InvalidOperationException($"no user {address}");

    /// <summary>Every folder with its path below the top of the information store ("Inbox", "Archive/2019").</summary>
    public async Task<Dictionary<string, Folder>> FoldersByPathAsync(MailboxId mailbox)
    {
        var folders = await Store.GetFoldersAsync(mailbox);
        var byId = folders.ToDictionary(f => f.Id);
        var result = new Dictionary<string, Folder>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in folders)
        {
            var parts = new List<string>();
            var f = folder;
            while (f is not null && f.WellKnown is not (WellKnownFolder.IpmSubtree or WellKnownFolder.Root))
            {
                parts.Insert(0, f.DisplayName);
                f = f.ParentId is { } p && byId.TryGetValue(p, out var parent) ? parent : null;
            }
            if (f?.WellKnown == WellKnownFolder.IpmSubtree && parts.Count > 0)
                result[string.Join('/', parts)] = folder;
        }
        return result;
    }

    public async Task<List<ItemSummary>> ListAllAsync(MailboxId mailbox, FolderId folder)
    {
        var all = new List<ItemSummary>();
        for (var offset = 0; ; offset += 500)
        {
            var page = await Store.ListItemsAsync(mailbox, folder, new ItemQuery { Offset = offset, Limit = 500, SortBy = ItemSortField.ChangeNumber, Descending = false });
            all.AddRange(page.Items);
            if (page.Items.Count < 500)
                return all;
        }
    }

    public async Task<byte[]?> ReadMimeAsync(MailboxId mailbox, ItemId item)
    {
        await using var stream = await Store.OpenMimeAsync(mailbox, item);
        if (stream is null)
            return null;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Directory.DisposeAsync();
    }
}
