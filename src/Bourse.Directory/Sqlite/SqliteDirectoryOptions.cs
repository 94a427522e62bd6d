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

    /// <summary>The clock for creation times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
