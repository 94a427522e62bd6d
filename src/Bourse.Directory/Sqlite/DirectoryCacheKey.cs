namespace Bourse.Directory.Sqlite;

/// <summary>
/// A cached read: the lookup and its exact (ordinal) argument as the directory queried it. An entry answers only the
/// same lookup with the same argument, so it can never answer for another user.
/// </summary>
internal readonly record struct DirectoryCacheKey(DirectoryLookup Lookup, string Value);
