using Bourse.Directory.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Tests;

/// <summary>A fresh data directory per test; every directory opened on it is disposed and the folder deleted at the end.</summary>
internal sealed class TestDataDirectory : IAsyncDisposable
{
    public const int FastIterations = 1_000;

    private readonly List<SqliteDirectory> _opened = [];

    public TestDataDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bourse-directory-tests", Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public string DatabasePath => System.IO.Path.Combine(Path, SqliteDirectory.FileName);

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero));

    public SqliteDirectoryOptions Options(int iterations = FastIterations) => new()
    {
        DataDirectory = Path,
        OrganizationName = "Contoso",
        PasswordHashIterations = iterations,
        TimeProvider = Time,
    };

    public Task<SqliteDirectory> OpenAsync(int iterations = FastIterations) => OpenAsync(Options(iterations));

    public async Task<SqliteDirectory> OpenAsync(SqliteDirectoryOptions options)
    {
        var directory = await SqliteDirectory.OpenAsync(options);
        _opened.Add(directory);
        return directory;
    }

    /// <summary>Reads one value straight from directory.db, the way an auditor (or attacker) with the file would.</summary>
    public async Task<object?> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        return await cmd.ExecuteScalarAsync();
    }

    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var directory in _opened)
            await directory.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
