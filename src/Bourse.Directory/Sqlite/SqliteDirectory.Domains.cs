using Bourse.Directory.Naming;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

public sealed partial class SqliteDirectory
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetAcceptedDomainsAsync(CancellationToken ct = default)
    {
        var key = new DirectoryCacheKey(DirectoryLookup.AcceptedDomains, string.Empty);
        var snapshot = await CacheSnapshotAsync(ct);
        if (snapshot is not null && snapshot.TryGet(key, out IReadOnlyList<string>? cached))
            return cached!;
        IReadOnlyList<string> domains;
        await using (var c = await OpenAsync(ct))
            domains = (await ReadAcceptedDomainsAsync(c, null, ct)).AsReadOnly();
        Remember(snapshot, key, domains);
        return domains;
    }

    /// <summary>Adds an accepted domain (case-insensitive, stored in lower case); adding one twice does nothing.</summary>
    /// <exception cref="ArgumentException">Not a domain name; check with <see cref="DirectoryNames.IsValidDomain"/> first.</exception>
    public async ValueTask AddAcceptedDomainAsync(string domain, CancellationToken ct = default)
    {
        // The contract has no result to carry a failure, so a malformed name is a caller error.
        if (!SmtpAddress.TryNormalizeDomain(domain, allowTrailingDot: true, out var normalized))
            throw new ArgumentException("Not a valid domain name.", nameof(domain));
        await using var c = await OpenAsync(ct);
        await c.ExecuteAsync(null, "INSERT OR IGNORE INTO accepted_domains(domain, added_utc) VALUES ($d, $t);", ct,
            ("$d", normalized), ("$t", _options.TimeProvider.GetUtcNow().UtcTicks));
        _cache?.Invalidate();
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsAcceptedDomainAsync(string domain, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryNormalizeDomain(domain, allowTrailingDot: true, out var normalized))
            return false;
        var key = new DirectoryCacheKey(DirectoryLookup.AcceptedDomain, normalized);
        var snapshot = await CacheSnapshotAsync(ct);
        if (snapshot is not null && snapshot.TryGet(key, out bool cached))
            return cached;
        bool accepted;
        await using (var c = await OpenAsync(ct))
            accepted = await c.ScalarInt64Async(null, "SELECT 1 FROM accepted_domains WHERE domain = $d;", ct, ("$d", normalized)) is not null;
        Remember(snapshot, key, accepted);
        return accepted;
    }

    private static async Task<List<string>> ReadAcceptedDomainsAsync(SqliteConnection c, SqliteTransaction? tx, CancellationToken ct)
    {
        var domains = new List<string>();
        await using var cmd = c.Sql("SELECT domain FROM accepted_domains ORDER BY rowid;", tx);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            domains.Add(reader.GetString(0));
        return domains;
    }

    /// <summary>
    /// Inside a write transaction: true if a new recipient may use this domain. The first recipient of an empty
    /// directory makes its domain accepted; after that the domain must already be accepted (as Exchange requires).
    /// </summary>
    private async Task<bool> AdmitDomainAsync(SqliteConnection c, SqliteTransaction tx, string domain, CancellationToken ct)
    {
        if (await c.ScalarInt64Async(tx, "SELECT 1 FROM accepted_domains WHERE domain = $d;", ct, ("$d", domain)) is not null)
            return true;
        if (await c.ScalarInt64Async(tx, "SELECT 1 FROM accepted_domains LIMIT 1;", ct) is not null)
            return false;
        await c.ExecuteAsync(tx, "INSERT INTO accepted_domains(domain, added_utc) VALUES ($d, $t);", ct,
            ("$d", domain), ("$t", _options.TimeProvider.GetUtcNow().UtcTicks));
        return true;
    }
}
