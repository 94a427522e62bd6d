using Bourse.Directory;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Storage.Sqlite;

namespace Bourse.Testing;

/// <summary>
/// A real SQLite store and directory in a new temporary folder with the given users (display name = the name capitalised,
/// one password for all) and their mailboxes: what the protocol test hosts serve. Linked only into the test projects that
/// reference the SQLite providers.
/// </summary>
internal sealed record TestMailSystem(string DataDirectory, SqliteMailStore Store, SqliteDirectory Directory, MailboxOperations Operations)
{
    public static async Task<TestMailSystem> CreateAsync(string folderName, string domain, string password, IReadOnlyList<string> users)
    {
        var data = Path.Combine(Path.GetTempPath(), folderName, Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(data);
        var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = data, PasswordHashIterations = 1000 });
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = data });
        var operations = new MailboxOperations(store, directory, TimeProvider.System);
        foreach (var u in users)
        {
            var created = await directory.CreateUserAsync(new NewDirectoryUser($"{u}@{domain}") { Password = password, DisplayName = char.ToUpperInvariant(u[0]) + u[1..] });
            Assert.True(created.IsSuccess, created.ToString());
            Assert.True((await operations.EnsureMailboxAsync(created.Value)).IsSuccess);
        }
        return new TestMailSystem(data, store, directory, operations);
    }
}
