using Bourse.Core.Ids;
using Bourse.Directory.Naming;
using Bourse.Directory.Ntlm;
using Bourse.Directory.Passwords;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

public sealed partial class SqliteDirectory
{
    private const string UserColumns = "id, mailbox_id, primary_address, display_name, upn, sam, legacy_dn, database, kind, enabled, created_utc";

    /// <summary>
    /// Creates a mail user, room or equipment mailbox. The primary address keeps the case of its local part for display
    /// (the domain is lower-cased) and is matched case-insensitively. Defaults: display name from the local part
    /// ("john.smith" → "John Smith"), UPN = primary address, sAMAccountName = local part (20 characters, made unique
    /// with a number), a new MailboxId, the default database. InvalidArgument for a malformed field or a domain that is
    /// not accepted (the first recipient's domain is accepted automatically); AlreadyExists when the address is any
    /// recipient's address or alias, the UPN is taken, or the MailboxId is in use; WeakPassword for a password shorter
    /// than 8 characters.
    /// </summary>
    public async ValueTask<DirectoryResult<DirectoryUser>> CreateUserAsync(NewDirectoryUser user, CancellationToken ct = default)
    {
        if (user is null)
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, "No user was given.");
        if (!SmtpAddress.TryParse(user.PrimarySmtpAddress, out var address))
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, "The primary address is not a valid SMTP address.");
        if (user.Kind is not (RecipientKind.User or RecipientKind.Room or RecipientKind.Equipment))
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, "A mail user must be of kind User, Room or Equipment.");

        string displayName;
        if (user.DisplayName is null)
            displayName = RecipientNames.DefaultDisplayName(address.LocalPart);
        else if (!RecipientNames.TryNormalizeDisplayName(user.DisplayName, out displayName))
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, $"The display name must be 1-{RecipientNames.MaxDisplayNameLength} characters without control characters.");

        if (!RecipientNames.TryNormalizeDatabase(user.Database ?? _options.DefaultDatabase, out var database))
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, "The database name must be 1-64 letters, digits, spaces, '.', '_' or '-'.");

        var mailboxId = user.MailboxId ?? MailboxId.New();
        if (mailboxId.Value == Guid.Empty)
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, "The mailbox id must not be the empty GUID.");

        string? passwordHash = null;
        byte[]? ntHash = null;
        if (user.Password is not null)
        {
            var policy = PasswordPolicy.Check(user.Password, out var why);
            if (policy != DirectoryError.None)
                return Fail<DirectoryUser>(policy, why!);
            // Hash before taking the write lock: PBKDF2 is deliberately slow.
            passwordHash = _hasher.Hash(user.Password);
            ntHash = NtOwf.Compute(user.Password);
        }

        var created = _options.TimeProvider.GetUtcNow().UtcDateTime;
        var legacyDn = RecipientNames.LegacyDn(_organization.LegacyDnPrefix, mailboxId.Value, address.LocalPart);

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (!await AdmitDomainAsync(c, tx, address.Domain, ct))
            return Fail<DirectoryUser>(DirectoryError.InvalidArgument, "The address is not in an accepted domain.");
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not null)
            return Fail<DirectoryUser>(DirectoryError.AlreadyExists, "The address is already used by another recipient.");
        if (await c.ScalarInt64Async(tx, "SELECT 1 FROM users WHERE upn_lower = $u;", ct, ("$u", address.Key)) is not null)
            return Fail<DirectoryUser>(DirectoryError.AlreadyExists, "The user principal name is already taken.");
        if (await c.ScalarInt64Async(tx, "SELECT 1 FROM users WHERE mailbox_id = $m;", ct, ("$m", mailboxId.ToString())) is not null)
            return Fail<DirectoryUser>(DirectoryError.AlreadyExists, "The mailbox id is already in use.");

        var sam = await UniqueSamAccountNameAsync(c, tx, RecipientNames.SamAccountNameBase(address.LocalPart), ct);
        long id;
        try
        {
            id = (await c.ScalarInt64Async(tx, """
                INSERT INTO users(mailbox_id, primary_address, primary_lower, display_name, upn, upn_lower, sam, sam_lower,
                                  legacy_dn, legacy_dn_lower, database, kind, enabled, created_utc, password_hash)
                VALUES ($m, $a, $al, $dn, $a, $al, $s, $sl, $l, $ll, $db, $k, 1, $t, $h)
                RETURNING id;
                """, ct,
                ("$m", mailboxId.ToString()), ("$a", address.Address), ("$al", address.Key), ("$dn", displayName),
                ("$s", sam), ("$sl", sam.ToLowerInvariant()), ("$l", legacyDn), ("$ll", legacyDn.ToLowerInvariant()),
                ("$db", database), ("$k", (int)user.Kind), ("$t", created.Ticks), ("$h", passwordHash)))!.Value;
            await c.ExecuteAsync(tx, "INSERT INTO addresses(address_lower, address, user_id, is_primary) VALUES ($al, $a, $id, 1);", ct,
                ("$al", address.Key), ("$a", address.Address), ("$id", id));
            if (ntHash is not null)
                await c.ExecuteAsync(tx, "INSERT INTO ntlm_secrets(user_id, nt_hash) VALUES ($id, $h);", ct, ("$id", id), ("$h", ntHash));
        }
        catch (SqliteException e) when (IsConstraintViolation(e))
        {
            return Fail<DirectoryUser>(DirectoryError.AlreadyExists, "The user collides with an existing recipient.");
        }

        await CommitAsync(tx, ct);
        return new DirectoryUser(mailboxId, address.Address, [], displayName, address.Address, sam, legacyDn, database, user.Kind, true, created);
    }

    /// <inheritdoc />
    public async ValueTask<DirectoryUser?> GetUserAsync(MailboxId mailbox, CancellationToken ct = default)
    {
        return await CachedUserAsync(new DirectoryCacheKey(DirectoryLookup.Mailbox, mailbox.ToString()), "WHERE mailbox_id = $k", ct);
    }

    /// <inheritdoc />
    public async ValueTask<DirectoryUser?> FindUserByAddressAsync(string smtpAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return null;
        return await CachedUserAsync(new DirectoryCacheKey(DirectoryLookup.Address, address.Key),
            "WHERE id = (SELECT user_id FROM addresses WHERE address_lower = $k)", ct);
    }

    /// <inheritdoc />
    public async ValueTask<DirectoryUser?> FindUserByLoginAsync(string login, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(login) || login.Length > MaxLoginLength)
            return null;
        // Keyed by the login exactly as given: each spelling (case, DOMAIN\user, UPN) is its own entry.
        var key = new DirectoryCacheKey(DirectoryLookup.Login, login);
        var snapshot = await CacheSnapshotAsync(ct);
        if (snapshot is not null && snapshot.TryGet(key, out DirectoryUser? cached))
            return cached;
        DirectoryUser? user;
        await using (var c = await OpenAsync(ct))
        await using (var tx = c.BeginTransaction(deferred: true))
        {
            var id = await ResolveLoginAsync(c, tx, login, ct);
            user = id is null ? null : (await ReadUsersAsync(c, tx, "WHERE id = $id", ct, ("$id", id))).FirstOrDefault().User;
        }

        Remember(snapshot, key, user);
        return user;
    }

    /// <summary>Finds by legacyExchangeDN, case-insensitive.</summary>
    public async ValueTask<DirectoryUser?> FindUserByLegacyDnAsync(string legacyExchangeDn, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(legacyExchangeDn) || legacyExchangeDn.Length > 1024)
            return null;
        return await CachedUserAsync(new DirectoryCacheKey(DirectoryLookup.LegacyDn, legacyExchangeDn.Trim().ToLowerInvariant()),
            "WHERE legacy_dn_lower = $k", ct);
    }

    /// <summary>One user found by a lookup: from the read cache (hits and misses alike), else the database, then remembered.</summary>
    private async ValueTask<DirectoryUser?> CachedUserAsync(DirectoryCacheKey key, string where, CancellationToken ct)
    {
        var snapshot = await CacheSnapshotAsync(ct);
        if (snapshot is not null && snapshot.TryGet(key, out DirectoryUser? cached))
            return cached;
        DirectoryUser? user;
        await using (var c = await OpenAsync(ct))
        await using (var tx = c.BeginTransaction(deferred: true))
            user = (await ReadUsersAsync(c, tx, where, ct, ("$k", key.Value))).FirstOrDefault().User;
        Remember(snapshot, key, user);
        return user;
    }

    /// <summary>All users, rooms and equipment, ordered by primary address.</summary>
    public async ValueTask<IReadOnlyList<DirectoryUser>> ListUsersAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: true);
        return (await ReadUsersAsync(c, tx, "ORDER BY primary_lower", ct)).Select(r => r.User).ToList();
    }

    /// <summary>Removes the user owning this address (primary or alias), with its aliases, group memberships, secrets and mobile device partnerships.</summary>
    public async ValueTask<DirectoryResult<bool>> RemoveUserAsync(string smtpAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<bool>(DirectoryError.InvalidArgument, "Not a valid SMTP address.");
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { UserId: { } id })
            return Fail<bool>(DirectoryError.NotFound, "No user has this address.");
        // ON DELETE CASCADE removes addresses, group_members rows, ntlm_secrets and devices.
        await c.ExecuteAsync(tx, "DELETE FROM users WHERE id = $id;", ct, ("$id", id));
        await CommitAsync(tx, ct);
        return true;
    }

    /// <summary>Sets the password (slow hash and NT hash). NotFound, InvalidArgument, or WeakPassword (under 8 characters).</summary>
    public async ValueTask<DirectoryResult<bool>> SetPasswordAsync(string smtpAddress, string password, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<bool>(DirectoryError.InvalidArgument, "Not a valid SMTP address.");
        var policy = PasswordPolicy.Check(password, out var why);
        if (policy != DirectoryError.None)
            return Fail<bool>(policy, why!);
        var hash = _hasher.Hash(password);
        var ntHash = NtOwf.Compute(password);

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { UserId: { } id })
            return Fail<bool>(DirectoryError.NotFound, "No user has this address.");
        await c.ExecuteAsync(tx, "UPDATE users SET password_hash = $h WHERE id = $id;", ct, ("$h", hash), ("$id", id));
        await c.ExecuteAsync(tx, "INSERT INTO ntlm_secrets(user_id, nt_hash) VALUES ($id, $h) ON CONFLICT(user_id) DO UPDATE SET nt_hash = excluded.nt_hash;", ct,
            ("$id", id), ("$h", ntHash));
        await CommitAsync(tx, ct);
        return true;
    }

    /// <summary>
    /// Enables or disables a user's sign-in (a disabled user's mailbox still receives mail, as in Exchange).
    /// NotFound for an unknown address; the value says whether the state changed.
    /// </summary>
    public async ValueTask<DirectoryResult<bool>> SetUserEnabledAsync(string smtpAddress, bool enabled, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<bool>(DirectoryError.InvalidArgument, "Not a valid SMTP address.");
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { UserId: { } id })
            return Fail<bool>(DirectoryError.NotFound, "No user has this address.");
        var changed = await c.ExecuteAsync(tx, "UPDATE users SET enabled = $e WHERE id = $id AND enabled <> $e;", ct,
            ("$e", enabled ? 1 : 0), ("$id", id));
        await CommitAsync(tx, ct);
        return changed > 0;
    }

    /// <summary>
    /// Adds a proxy address to the user or group that owns <paramref name="smtpAddress"/>. The alias must be in an
    /// accepted domain (InvalidArgument otherwise: add the domain first). AlreadyExists if another recipient has it;
    /// success with false if this recipient already has it.
    /// </summary>
    public async ValueTask<DirectoryResult<bool>> AddAliasAsync(string smtpAddress, string alias, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<bool>(DirectoryError.InvalidArgument, "Not a valid SMTP address.");
        if (!SmtpAddress.TryParse(alias, out var proxy))
            return Fail<bool>(DirectoryError.InvalidArgument, "The alias is not a valid SMTP address.");

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { } owner)
            return Fail<bool>(DirectoryError.NotFound, "No recipient has this address.");
        if (await FindAddressOwnerAsync(c, tx, proxy.Key, ct) is { } existing)
        {
            return existing.IsSameRecipient(owner)
                ? false
                : Fail<bool>(DirectoryError.AlreadyExists, "The alias is already used by another recipient.");
        }

        if (await c.ScalarInt64Async(tx, "SELECT 1 FROM accepted_domains WHERE domain = $d;", ct, ("$d", proxy.Domain)) is null)
            return Fail<bool>(DirectoryError.InvalidArgument, "The alias is not in an accepted domain.");
        if (await c.ScalarInt64Async(tx, "SELECT 1 FROM users WHERE upn_lower = $u;", ct, ("$u", proxy.Key)) is not null)
            return Fail<bool>(DirectoryError.AlreadyExists, "The alias is another user's sign-in name.");

        await c.ExecuteAsync(tx, "INSERT INTO addresses(address_lower, address, user_id, group_id, is_primary) VALUES ($al, $a, $u, $g, 0);", ct,
            ("$al", proxy.Key), ("$a", proxy.Address), ("$u", owner.UserId), ("$g", owner.GroupId));
        await CommitAsync(tx, ct);
        return true;
    }

    /// <summary>Removes a proxy address. NotFound if the recipient or the alias is unknown; InvalidArgument for the primary address.</summary>
    public async ValueTask<DirectoryResult<bool>> RemoveAliasAsync(string smtpAddress, string alias, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<bool>(DirectoryError.InvalidArgument, "Not a valid SMTP address.");
        if (!SmtpAddress.TryParse(alias, out var proxy))
            return Fail<bool>(DirectoryError.InvalidArgument, "The alias is not a valid SMTP address.");

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { } owner)
            return Fail<bool>(DirectoryError.NotFound, "No recipient has this address.");
        if (await FindAddressOwnerAsync(c, tx, proxy.Key, ct) is not { } existing || !existing.IsSameRecipient(owner))
            return Fail<bool>(DirectoryError.NotFound, "The recipient has no such alias.");
        if (existing.IsPrimary)
            return Fail<bool>(DirectoryError.InvalidArgument, "The primary address cannot be removed.");
        await c.ExecuteAsync(tx, "DELETE FROM addresses WHERE address_lower = $a;", ct, ("$a", proxy.Key));
        await CommitAsync(tx, ct);
        return true;
    }

    private static async Task<AddressOwner?> FindAddressOwnerAsync(SqliteConnection c, SqliteTransaction? tx, string addressKey, CancellationToken ct)
    {
        await using var cmd = c.Sql("SELECT user_id, group_id, is_primary FROM addresses WHERE address_lower = $a;", tx, ("$a", addressKey));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
            return null;
        return new AddressOwner(r.IsDBNull(0) ? null : r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetInt64(2) != 0);
    }

    private static async Task<string> UniqueSamAccountNameAsync(SqliteConnection c, SqliteTransaction tx, string baseName, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var candidate = RecipientNames.SamAccountNameCandidate(baseName, attempt);
            if (await c.ScalarInt64Async(tx, "SELECT 1 FROM users WHERE sam_lower = $s;", ct, ("$s", candidate.ToLowerInvariant())) is null)
                return candidate;
        }
    }

    /// <summary>Reads users matching a WHERE/ORDER BY tail, with their aliases in the order they were added.</summary>
    private static async Task<List<(long Id, DirectoryUser User)>> ReadUsersAsync(
        SqliteConnection c, SqliteTransaction? tx, string whereAndOrder, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<(long Id, DirectoryUser User)>();
        await using (var cmd = c.Sql($"SELECT {UserColumns} FROM users {whereAndOrder};", tx, parameters))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.GetInt64(0), new DirectoryUser(
                    MailboxId: ParseMailboxId(r.GetString(1)),
                    PrimarySmtpAddress: r.GetString(2),
                    Aliases: [],
                    DisplayName: r.GetString(3),
                    UserPrincipalName: r.GetString(4),
                    SamAccountName: r.GetString(5),
                    LegacyExchangeDn: r.GetString(6),
                    Database: r.GetString(7),
                    Kind: (RecipientKind)r.GetInt32(8),
                    Enabled: r.GetInt64(9) != 0,
                    CreatedUtc: FromTicks(r.GetInt64(10)))));
            }
        }

        if (rows.Count == 0)
            return rows;

        var aliases = await ReadAliasesAsync(c, tx, "user_id", rows.Count == 1 ? rows[0].Id : null, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            if (aliases.TryGetValue(rows[i].Id, out var list))
                rows[i] = (rows[i].Id, rows[i].User with { Aliases = list.AsReadOnly() });
        }

        return rows;
    }

    /// <summary>Proxy (non-primary) addresses by owner id; of one owner when <paramref name="ownerId"/> is given.</summary>
    private static async Task<Dictionary<long, List<string>>> ReadAliasesAsync(
        SqliteConnection c, SqliteTransaction? tx, string ownerColumn, long? ownerId, CancellationToken ct)
    {
        var filter = ownerId is null ? $"{ownerColumn} IS NOT NULL" : $"{ownerColumn} = $id";
        var result = new Dictionary<long, List<string>>();
        await using var cmd = c.Sql($"SELECT {ownerColumn}, address FROM addresses WHERE {filter} AND is_primary = 0 ORDER BY rowid;", tx, ("$id", ownerId));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var owner = r.GetInt64(0);
            if (!result.TryGetValue(owner, out var list))
                result[owner] = list = [];
            list.Add(r.GetString(1));
        }

        return result;
    }
}
