namespace Bourse.Directory.Sqlite;

/// <summary>Settings of the built-in directory.</summary>
public sealed record SqliteDirectoryOptions
{
    /// <summary>The folder that holds <c>directory.db</c>; created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// The organisation's name (the <c>/o=</c> of every legacyExchangeDN). Used only when the directory is created:
    /// renaming an organisation would change every recipient's legacy DN, so an existing directory keeps its name.
    /// Letters, digits, space, '.', '_' and '-'; at most 64 characters.
    /// </summary>
    public string OrganizationName { get; init; } = "Bourse";

    /// <summary>The mailbox database new mailboxes are placed in unless one is given.</summary>
    public string DefaultDatabase { get; init; } = "DB01";

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new password hashes (at least 1,000; the default follows OWASP's 2023 advice).
    /// Raising it upgrades each user's stored hash the next time they sign in.
    /// </summary>
    public int PasswordHashIterations { get; init; } = 210_000;

    /// <summary>
    /// How stale the read cache may be for another process's writes (the <c>bourse</c> CLI): before a cached read the
    /// directory checks <c>PRAGMA data_version</c> if this long has passed since the last check. This process's own
    /// writes are visible at once. Zero turns the cache off (every read goes to the database); at most one second.
    /// </summary>
    public TimeSpan ReadCacheRefreshInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The clock for creation times and the read cache's refresh interval.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
