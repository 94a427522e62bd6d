namespace Bourse.Directory.Sqlite;

/// <summary>Which read a <see cref="DirectoryCacheKey"/> caches; part of the key, so two lookups never share an entry.</summary>
internal enum DirectoryLookup
{
    Mailbox = 1,
    Address = 2,
    Login = 3,
    LegacyDn = 4,
    AcceptedDomains = 5,
    AcceptedDomain = 6,
}
