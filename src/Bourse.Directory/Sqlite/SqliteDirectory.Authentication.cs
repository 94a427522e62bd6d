using Bourse.Directory.Naming;
using Bourse.Directory.Passwords;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

public sealed partial class SqliteDirectory
{
    private const int MaxLoginLength = 512;

    /// <summary>
    /// Checks a password for a login: an email address (primary or alias), a UPN, or DOMAIN\sAMAccountName where
    /// DOMAIN is an accepted domain or its NetBIOS-style name (first label, e.g. CONTOSO), all case-insensitive.
    /// Null for any failure — unknown login, wrong password, disabled user, no password — and an unknown login costs
    /// one hash verification like a known one. A correct password stored with fewer iterations than configured is
    /// re-hashed.
    /// </summary>
    public async ValueTask<DirectoryUser?> AuthenticateAsync(string login, string password, CancellationToken ct = default)
    {
        if (password is null || password.Length > PasswordPolicy.MaxLength)
        {
            _hasher.VerifyDummy(null);
            return null;
        }

        DirectoryUser? user;
        string? storedHash;
        long id;
        await using var c = await OpenAsync(ct);
        await using (var tx = c.BeginTransaction(deferred: true))
        {
            var found = await ResolveLoginAsync(c, tx, login, ct);
            id = found ?? 0;
            user = found is null ? null : (await ReadUsersAsync(c, tx, "WHERE id = $id", ct, ("$id", found))).FirstOrDefault().User;
            storedHash = user is null ? null : await ReadPasswordHashAsync(c, tx, id, ct);
        }

        if (user is null || !user.Enabled || storedHash is null)
        {
            _hasher.VerifyDummy(password);
            return null;
        }

        var verdict = _hasher.Verify(storedHash, password);
        if (verdict == PasswordVerification.Failed)
            return null;
        if (verdict == PasswordVerification.SuccessRehashNeeded)
        {
            // Only if nobody changed the password in between (another process may have).
            await c.ExecuteAsync(null, "UPDATE users SET password_hash = $new WHERE id = $id AND password_hash = $old;", ct,
                ("$new", _hasher.Hash(password)), ("$id", id), ("$old", storedHash));
        }

        return user;
    }

    /// <summary>
    /// NTLM ONLY: the 16-byte NT hash of an enabled user's password (a password equivalent), or null when the login is
    /// unknown, the user is disabled or has no password. The caller must not log or keep it.
    /// </summary>
    public async ValueTask<byte[]?> GetNtlmHashAsync(string login, CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: true);
        if (await ResolveLoginAsync(c, tx, login, ct) is not { } id)
            return null;
        await using var cmd = c.Sql("""
            SELECT s.nt_hash FROM ntlm_secrets s JOIN users u ON u.id = s.user_id
            WHERE s.user_id = $id AND u.enabled = 1 AND u.password_hash IS NOT NULL;
            """, tx, ("$id", id));
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>The users.id a login names, or null. Email and UPN forms need '@'; the down-level form needs one '\'.</summary>
    private static async Task<long?> ResolveLoginAsync(SqliteConnection c, SqliteTransaction tx, string? login, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(login) || login.Length > MaxLoginLength)
            return null;
        login = login.Trim();

        var backslash = login.IndexOf('\\', StringComparison.Ordinal);
        if (backslash >= 0)
        {
            var domain = login[..backslash];
            var account = login[(backslash + 1)..];
            if (domain.Length == 0 || account.Length is 0 or > RecipientNames.MaxSamAccountNameLength || account.Contains('\\', StringComparison.Ordinal))
                return null;
            if (!(await ReadAcceptedDomainsAsync(c, tx, ct)).Any(d => MatchesDownLevelDomain(d, domain)))
                return null;
            return await c.ScalarInt64Async(tx, "SELECT id FROM users WHERE sam_lower = $s;", ct, ("$s", account.ToLowerInvariant()));
        }

        if (!SmtpAddress.TryParse(login, out var address))
            return null;
        return await c.ScalarInt64Async(tx, "SELECT id FROM users WHERE upn_lower = $u;", ct, ("$u", address.Key))
            ?? await c.ScalarInt64Async(tx, "SELECT user_id FROM addresses WHERE address_lower = $a AND user_id IS NOT NULL;", ct, ("$a", address.Key));
    }

    /// <summary>CONTOSO\alice, contoso\alice and contoso.com\alice all name the accepted domain contoso.com.</summary>
    private static bool MatchesDownLevelDomain(string acceptedDomain, string typed)
    {
        if (string.Equals(acceptedDomain, typed, StringComparison.OrdinalIgnoreCase))
            return true;
        var dot = acceptedDomain.IndexOf('.', StringComparison.Ordinal);
        var firstLabel = dot < 0 ? acceptedDomain : acceptedDomain[..dot];
        return string.Equals(firstLabel, typed, StringComparison.OrdinalIgnoreCase) ||
               string.Equals(RecipientNames.NetBiosName(acceptedDomain), typed, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string?> ReadPasswordHashAsync(SqliteConnection c, SqliteTransaction tx, long id, CancellationToken ct)
    {
        await using var cmd = c.Sql("SELECT password_hash FROM users WHERE id = $id;", tx, ("$id", id));
        return await cmd.ExecuteScalarAsync(ct) as string;
    }
}
