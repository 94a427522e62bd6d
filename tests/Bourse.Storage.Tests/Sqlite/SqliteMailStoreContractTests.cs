using Bourse.Storage;
using Bourse.Storage.Sqlite;

namespace Bourse.Storage.Tests.Sqlite;

public sealed class SqliteMailStoreContractTests : MailStoreContractTests
{
    private readonly List<string> _directories = [];

    protected override async Task<IMailStore> CreateStoreAsync()
    {
        var dir = TempDirectory.Create();
        _directories.Add(dir);
        return await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = dir, MaxMessageBytes = TestMaxMessageBytes });
    }

    protected override Task CleanupAsync()
    {
        foreach (var d in _directories)
            TempDirectory.Delete(d);
        return Task.CompletedTask;
    }
}
