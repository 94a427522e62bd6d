using Bourse.Core.Ids;
using Bourse.Directory.Naming;
using Bourse.Directory.Passwords;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

/// <summary>
/// The built-in directory, kept in <c>{DataDirectory}/directory.db</c> (SQLite, WAL). Several processes — the server
/// and the <c>bourse</c> admin commands — may open the same data directory. User lookups and accepted domains are
/// cached: this instance's writes are visible to its next read, another instance's or process's within
/// <see cref="SqliteDirectoryOptions.ReadCacheRefreshInterval"/> (250 ms by default); password checks and NT hashes
/// always read the database. Every write is one IMMEDIATE transaction; bad input comes back as a
/// <see cref="DirectoryResult{T}"/> failure, never as an exception.
/// </summary>
/// <remarks>
/// Decisions: addresses (primary and aliases, of users and groups alike) share one namespace and must be in an
/// accepted domain; the very first recipient's domain becomes accepted automatically. Boolean results say whether
/// anything changed.
/// </remarks>
public sealed partial class SqliteDirectory : IDirectory, IAsyncDisposable
{
    /// <summary>The file name of the directory database inside the data directory.</summary>
    public const string FileName = "directory.db";

    /// <summary>The fewest PBKDF2 iterations the directory accepts in its options.</summary>
    public const int MinPasswordHashIterations = 1_000;

    private const int BusyTimeoutMilliseconds = 10_000;

    private static readonly TimeSpan MaxReadCacheRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly SqliteDirectoryOptions _options;
    private readonly PasswordHasher _hasher;
    private readonly OrganizationInfo _organization;
    private readonly DirectoryReadCache? _cache;
    private int _disposed;

    private SqliteDirectory(string connectionString, SqliteDirectoryOptions options, PasswordHasher hasher, OrganizationInfo organization,
        DirectoryReadCache? cache)
    {
        _connectionString = connectionString;
        _options = options;
        _hasher = hasher;
        _organization = organization;
        _cache = cache;
    }

    /// <summary>Opens the directory in <see cref="SqliteDirectoryOptions.DataDirectory"/>, creating it on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid (a configuration error, not bad client input).</exception>
    public static async Task<SqliteDirectory> OpenAsync(SqliteDirectoryOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory, nameof(options.DataDirectory));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        if (!RecipientNames.IsValidOrganizationName(options.OrganizationName))
            throw new ArgumentException("The organisation name must be 1-64 letters, digits, spaces, '.', '_' or '-'.", nameof(options));
        if (!RecipientNames.TryNormalizeDatabase(options.DefaultDatabase, out var database) || database != options.DefaultDatabase)
            throw new ArgumentException("The default database name must be 1-64 letters, digits, spaces, '.', '_' or '-'.", nameof(options));
        if (options.PasswordHashIterations < MinPasswordHashIterations)
            throw new ArgumentOutOfRangeException(nameof(options), $"PasswordHashIterations must be at least {MinPasswordHashIterations}.");
        if (options.ReadCacheRefreshInterval < TimeSpan.Zero || options.ReadCacheRefreshInterval > MaxReadCacheRefreshInterval)
            throw new ArgumentOutOfRangeException(nameof(options), "ReadCacheRefreshInterval must be between zero and one second.");

        System.IO.Directory.CreateDirectory(options.DataDirectory);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(Path.Combine(options.DataDirectory, FileName)),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        (string Name, Guid DeploymentId) org;
        await using (var connection = await OpenConnectionAsync(connectionString, ct))
            org = await DirectorySchema.InitializeAsync(connection, options.OrganizationName, options.TimeProvider, ct);

        var organization = new OrganizationInfo(org.Name, org.DeploymentId, RecipientNames.LegacyDnPrefix(org.Name));
        DirectoryReadCache? cache = null;
        if (options.ReadCacheRefreshInterval > TimeSpan.Zero)
        {
            var watch = await OpenConnectionAsync(connectionString, ct);
            try
            {
                cache = await DirectoryReadCache.OpenAsync(watch, options.TimeProvider, options.ReadCacheRefreshInterval, ct);
            }
            catch
            {
                await watch.DisposeAsync();
                throw;
            }
        }

        return new SqliteDirectory(connectionString, options, new PasswordHasher(options.PasswordHashIterations), organization, cache);
    }

    /// <summary>Closes the pooled connections to directory.db.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_cache is not null)
                await _cache.DisposeAsync();
            using var connection = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <inheritdoc />
    public ValueTask<OrganizationInfo> GetOrganizationAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return ValueTask.FromResult(_organization);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return await OpenConnectionAsync(_connectionString, ct);
    }

    private static async Task<SqliteConnection> OpenConnectionAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection: cascades (removing a user removes its addresses, memberships and NT hash) and waiting,
            // rather than failing, while another process holds the write lock.
            await connection.ExecuteAsync(null, $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The cache generation to read (null when the cache is off), after a due check for other processes' writes.</summary>
    private ValueTask<DirectoryCacheSnapshot?> CacheSnapshotAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_cache is null)
            return ValueTask.FromResult<DirectoryCacheSnapshot?>(null);
        var pending = _cache.CurrentAsync(ct);
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult<DirectoryCacheSnapshot?>(pending.Result) : Await(pending);

        static async ValueTask<DirectoryCacheSnapshot?> Await(ValueTask<DirectoryCacheSnapshot> pending) => await pending;
    }

    private void Remember(DirectoryCacheSnapshot? snapshot, DirectoryCacheKey key, object? value)
    {
        if (snapshot is not null)
            _cache!.Remember(snapshot, key, value);
    }

    /// <summary>Commits a write and drops the read cache (after the commit, so no read can refill it with older rows).</summary>
    private async Task CommitAsync(SqliteTransaction tx, CancellationToken ct)
    {
        await tx.CommitAsync(ct);
        _cache?.Invalidate();
    }

    private static DirectoryResult<T> Fail<T>(DirectoryError error, string message) => DirectoryResult<T>.Fail(error, message);

    private static bool IsConstraintViolation(SqliteException e) => e.SqliteErrorCode == SqliteCommandExtensions.SqliteConstraint;

    private static DateTime FromTicks(long ticks) => new(ticks, DateTimeKind.Utc);

    private static MailboxId ParseMailboxId(string text) => new(Guid.Parse(text));
}
