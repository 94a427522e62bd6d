using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Directory;
using Bourse.Directory.Sqlite;
using Bourse.Storage;
using Bourse.Storage.Sqlite;

namespace Bourse.Mailbox.Tests;

/// <summary>A real SQLite store and directory in a temporary folder, with a small organisation in it.</summary>
internal sealed class MailboxTestEnvironment : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private MailboxTestEnvironment(string dir, SqliteMailStore store, SqliteDirectory directory, FakeTimeProvider time, MailDeliveryOptions options)
    {
        DataDirectory = dir;
        Store = store;
        Directory = directory;
        Time = time;
        Delivery = new MailDelivery(store, directory, time, options);
        Submission = new Submission(store, directory, time, options);
        Operations = new MailboxOperations(store, directory, time);
    }

    public string DataDirectory { get; }
    public SqliteMailStore Store { get; }
    public SqliteDirectory Directory { get; }
    public FakeTimeProvider Time { get; }
    public MailDelivery Delivery { get; }
    public Submission Submission { get; }
    public MailboxOperations Operations { get; }

    public DirectoryUser Alice { get; private set; } = null!;
    public DirectoryUser Bob { get; private set; } = null!;
    public DirectoryUser Carol { get; private set; } = null!;
    public DirectoryUser Dave { get; private set; } = null!;

    public static async Task<MailboxTestEnvironment> CreateAsync(MailDeliveryOptions? options = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "bourse-mailbox-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var time = new FakeTimeProvider(Now);
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = Path.Combine(dir, "store"), TimeProvider = time });
        var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions
        {
            DataDirectory = Path.Combine(dir, "directory"),
            PasswordHashIterations = 1000,
            TimeProvider = time,
        });
        var env = new MailboxTestEnvironment(dir, store, directory, time, options ?? new MailDeliveryOptions { ServerName = "mail.example.com" });
        await env.SeedAsync();
        return env;
    }

    private async Task SeedAsync()
    {
        Alice = (await Directory.CreateUserAsync(new NewDirectoryUser("alice@example.com") { DisplayName = "Alice Archer" })).Value;
        Bob = (await Directory.CreateUserAsync(new NewDirectoryUser("bob@example.com") { DisplayName = "Bob Baker" })).Value;
        Carol = (await Directory.CreateUserAsync(new NewDirectoryUser("carol@example.com") { DisplayName = "Carol Cook" })).Value;
        Dave = (await Directory.CreateUserAsync(new NewDirectoryUser("dave@example.com") { DisplayName = "Dave Dyer" })).Value;
        Assert.True((await Directory.AddAliasAsync("bob@example.com", "robert@example.com")).IsSuccess);
        Assert.True((await Directory.CreateGroupAsync("team@example.com", "Team")).IsSuccess);
        Assert.True((await Directory.AddGroupMemberAsync("team@example.com", "bob@example.com")).IsSuccess);
        Assert.True((await Directory.AddGroupMemberAsync("team@example.com", "carol@example.com")).IsSuccess);
        Assert.True((await Directory.CreateGroupAsync("all@example.com", "Everyone")).IsSuccess);
        Assert.True((await Directory.AddGroupMemberAsync("all@example.com", "team@example.com")).IsSuccess);
        Assert.True((await Directory.AddGroupMemberAsync("all@example.com", "dave@example.com")).IsSuccess);
        Assert.True((await Directory.AddGroupMemberAsync("all@example.com", "bob@example.com")).IsSuccess);
        Bob = (await Directory.FindUserByAddressAsync("bob@example.com"))!;
    }

    public async Task<IReadOnlyList<ItemSummary>> ListAsync(MailboxId mailbox, WellKnownFolder folder)
    {
        var f = await Store.GetWellKnownFolderAsync(mailbox, folder);
        if (f is null)
            return [];
        return (await Store.ListItemsAsync(mailbox, f.Id, new ItemQuery { Limit = 500 })).Items;
    }

    public async Task<byte[]?> ReadMimeAsync(MailboxId mailbox, ItemId item)
    {
        await using var s = await Store.OpenMimeAsync(mailbox, item);
        if (s is null)
            return null;
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Directory.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
