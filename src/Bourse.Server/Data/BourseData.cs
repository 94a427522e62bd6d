using Bourse.Core.Errors;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Server.Cli;
using Bourse.Server.Configuration;
using Bourse.Storage;
using Bourse.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bourse.Server.Data;

/// <summary>
/// The data directory opened: the SQLite mail store ({data}/store/) and the built-in directory ({data}/directory.db).
/// Both providers allow several processes, so admin commands run while <c>bourse serve</c> holds the same directory.
/// </summary>
internal sealed class BourseData : IAsyncDisposable
{
    private readonly SqliteMailStore _store;
    private readonly SqliteDirectory _directory;

    private BourseData(string dataDirectory, SqliteMailStore store, SqliteDirectory directory, BourseOptions options, TimeProvider time)
    {
        DataDirectory = dataDirectory;
        _store = store;
        _directory = directory;
        Options = options;
        Time = time;
        Operations = new MailboxOperations(store, directory, time);
    }

    public string DataDirectory { get; }
    public IMailStore Store => _store;
    public IDirectory Directory => _directory;

    /// <summary>Mobile device partnerships, kept by the built-in directory.</summary>
    public IDeviceDirectory Devices => (IDeviceDirectory)(object)_directory;
    public BourseOptions Options { get; }
    public TimeProvider Time { get; }

    /// <summary>The shared mailbox operations (Bourse.Mailbox), written once for every protocol and command.</summary>
    public MailboxOperations Operations { get; }

    /// <summary>Creates the user's store mailbox unless it exists.</summary>
    public ValueTask<StoreResult<MailboxInfo>> EnsureMailboxAsync(DirectoryUser user, CancellationToken ct) => Operations.EnsureMailboxAsync(user, ct);

    /// <summary>Opens (creating when new) the store and directory; a failure is one sentence.</summary>
    public static async Task<(BourseData? Data, CliFailure? Failure)> OpenAsync(string dataDirectory, BourseOptions options, CancellationToken ct)
    {
        var full = Path.GetFullPath(dataDirectory);
        try
        {
            System.IO.Directory.CreateDirectory(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, CliFailure.Unavailable($"the data directory {full} cannot be created: {CliOutput.OneLine(ex.Message)}"));
        }

        var time = TimeProvider.System;
        SqliteDirectory? directory = null;
        try
        {
            var directoryOptions = new SqliteDirectoryOptions { DataDirectory = full, TimeProvider = time };
            if (!string.IsNullOrWhiteSpace(options.OrganizationName))
                directoryOptions = directoryOptions with { OrganizationName = options.OrganizationName };
            if (options.PasswordHashIterations is { } iterations)
                directoryOptions = directoryOptions with { PasswordHashIterations = iterations };
            directory = await SqliteDirectory.OpenAsync(directoryOptions, ct);
            var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions
            {
                DataDirectory = full,
                MaxMessageBytes = options.MaxMessageBytes,
                TimeProvider = time,
            }, ct);
            return (new BourseData(full, store, directory, options, time), null);
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            if (directory is not null)
                await directory.DisposeAsync();
            return (null, CliFailure.Unavailable($"the data directory {full} cannot be opened: {CliOutput.OneLine(ex.Message)}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _directory.DisposeAsync();
    }
}
