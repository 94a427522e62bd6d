using Bourse.Directory.Naming;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

public sealed partial class SqliteDirectory
{
    /// <summary>
    /// Creates a distribution group. InvalidArgument for a malformed address or display name or a domain that is not
    /// accepted; AlreadyExists if any recipient has the address. The display name defaults to the local part, capitalised.
    /// </summary>
    public async ValueTask<DirectoryResult<DirectoryGroup>> CreateGroupAsync(string smtpAddress, string? displayName = null, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<DirectoryGroup>(DirectoryError.InvalidArgument, "The group address is not a valid SMTP address.");
        string name;
        if (displayName is null)
            name = RecipientNames.DefaultDisplayName(address.LocalPart);
        else if (!RecipientNames.TryNormalizeDisplayName(displayName, out name))
            return Fail<DirectoryGroup>(DirectoryError.InvalidArgument, $"The display name must be 1-{RecipientNames.MaxDisplayNameLength} characters without control characters.");

        var legacyDn = RecipientNames.LegacyDn(_organization.LegacyDnPrefix, Guid.NewGuid(), address.LocalPart);
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (!await AdmitDomainAsync(c, tx, address.Domain, ct))
            return Fail<DirectoryGroup>(DirectoryError.InvalidArgument, "The address is not in an accepted domain.");
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not null ||
            await c.ScalarInt64Async(tx, "SELECT 1 FROM users WHERE upn_lower = $u;", ct, ("$u", address.Key)) is not null)
            return Fail<DirectoryGroup>(DirectoryError.AlreadyExists, "The address is already used by another recipient.");
        try
        {
            var id = (await c.ScalarInt64Async(tx, """
                INSERT INTO dist_groups(primary_address, primary_lower, display_name, legacy_dn, legacy_dn_lower, created_utc)
                VALUES ($a, $al, $dn, $l, $ll, $t) RETURNING id;
                """, ct,
                ("$a", address.Address), ("$al", address.Key), ("$dn", name), ("$l", legacyDn), ("$ll", legacyDn.ToLowerInvariant()),
                ("$t", _options.TimeProvider.GetUtcNow().UtcTicks)))!.Value;
            await c.ExecuteAsync(tx, "INSERT INTO addresses(address_lower, address, group_id, is_primary) VALUES ($al, $a, $id, 1);", ct,
                ("$al", address.Key), ("$a", address.Address), ("$id", id));
        }
        catch (SqliteException e) when (IsConstraintViolation(e))
        {
            return Fail<DirectoryGroup>(DirectoryError.AlreadyExists, "The group collides with an existing recipient.");
        }

        await CommitAsync(tx, ct);
        return new DirectoryGroup(address.Address, name, legacyDn, []);
    }

    /// <summary>Finds a group by its primary address or any alias, case-insensitive.</summary>
    public async ValueTask<DirectoryGroup?> FindGroupAsync(string smtpAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return null;
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: true);
        return await FindAddressOwnerAsync(c, tx, address.Key, ct) is { GroupId: { } id } ? await ReadGroupAsync(c, tx, id, ct) : null;
    }

    /// <summary>All groups with their direct members, ordered by primary address.</summary>
    public async ValueTask<IReadOnlyList<DirectoryGroup>> ListGroupsAsync(CancellationToken ct = default)
    {
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: true);
        var ids = new List<long>();
        await using (var cmd = c.Sql("SELECT id FROM dist_groups ORDER BY primary_lower;", tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
                ids.Add(r.GetInt64(0));
        }

        var groups = new List<DirectoryGroup>(ids.Count);
        foreach (var id in ids)
            groups.Add((await ReadGroupAsync(c, tx, id, ct))!);
        return groups;
    }

    /// <summary>Removes a group (found by any of its addresses); it also leaves every group it was a member of.</summary>
    public async ValueTask<DirectoryResult<bool>> RemoveGroupAsync(string smtpAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return Fail<bool>(DirectoryError.InvalidArgument, "Not a valid SMTP address.");
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { GroupId: { } id })
            return Fail<bool>(DirectoryError.NotFound, "No group has this address.");
        await c.ExecuteAsync(tx, "DELETE FROM dist_groups WHERE id = $id;", ct, ("$id", id));
        await CommitAsync(tx, ct);
        return true;
    }

    /// <summary>
    /// Adds a user or group, named by any of its addresses, as a direct member. NotFound for an unknown group;
    /// InvalidArgument for an unknown member or a group that would contain itself; AlreadyExists if already a direct member.
    /// </summary>
    public async ValueTask<DirectoryResult<bool>> AddGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(groupAddress, out var groupKey))
            return Fail<bool>(DirectoryError.InvalidArgument, "The group address is not a valid SMTP address.");
        if (!SmtpAddress.TryParse(memberAddress, out var memberKey))
            return Fail<bool>(DirectoryError.InvalidArgument, "The member address is not a valid SMTP address.");

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, groupKey.Key, ct) is not { GroupId: { } groupId })
            return Fail<bool>(DirectoryError.NotFound, "No group has this address.");
        if (await FindAddressOwnerAsync(c, tx, memberKey.Key, ct) is not { } member)
            return Fail<bool>(DirectoryError.InvalidArgument, "No recipient has the member address.");

        if (member.GroupId is { } nestedId)
        {
            // Adding G2 to G makes a cycle exactly when G is G2 or is already reachable from G2.
            var cycle = await c.ScalarInt64Async(tx, """
                WITH RECURSIVE reach(id) AS (
                    SELECT $member
                    UNION
                    SELECT m.member_group_id FROM group_members m JOIN reach ON m.group_id = reach.id WHERE m.member_group_id IS NOT NULL)
                SELECT 1 FROM reach WHERE id = $group;
                """, ct, ("$member", nestedId), ("$group", groupId));
            if (cycle is not null)
                return Fail<bool>(DirectoryError.InvalidArgument, "The group would contain itself.");
        }

        var already = await c.ScalarInt64Async(tx,
            "SELECT 1 FROM group_members WHERE group_id = $g AND (member_user_id = $u OR member_group_id = $m);", ct,
            ("$g", groupId), ("$u", member.UserId), ("$m", member.GroupId));
        if (already is not null)
            return Fail<bool>(DirectoryError.AlreadyExists, "The recipient is already a member of the group.");

        await c.ExecuteAsync(tx, "INSERT INTO group_members(group_id, member_user_id, member_group_id) VALUES ($g, $u, $m);", ct,
            ("$g", groupId), ("$u", member.UserId), ("$m", member.GroupId));
        await CommitAsync(tx, ct);
        return true;
    }

    /// <summary>Removes a direct member. NotFound if the group is unknown or the recipient is not a direct member.</summary>
    public async ValueTask<DirectoryResult<bool>> RemoveGroupMemberAsync(string groupAddress, string memberAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(groupAddress, out var groupKey))
            return Fail<bool>(DirectoryError.InvalidArgument, "The group address is not a valid SMTP address.");
        if (!SmtpAddress.TryParse(memberAddress, out var memberKey))
            return Fail<bool>(DirectoryError.InvalidArgument, "The member address is not a valid SMTP address.");

        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: false);
        if (await FindAddressOwnerAsync(c, tx, groupKey.Key, ct) is not { GroupId: { } groupId })
            return Fail<bool>(DirectoryError.NotFound, "No group has this address.");
        if (await FindAddressOwnerAsync(c, tx, memberKey.Key, ct) is not { } member)
            return Fail<bool>(DirectoryError.NotFound, "The recipient is not a member of the group.");
        var removed = await c.ExecuteAsync(tx,
            "DELETE FROM group_members WHERE group_id = $g AND (member_user_id = $u OR member_group_id = $m);", ct,
            ("$g", groupId), ("$u", member.UserId), ("$m", member.GroupId));
        if (removed == 0)
            return Fail<bool>(DirectoryError.NotFound, "The recipient is not a member of the group.");
        await CommitAsync(tx, ct);
        return true;
    }

    /// <summary>What an address (primary or alias) is: a user, a group, or nothing.</summary>
    public async ValueTask<DirectoryRecipient?> ResolveAsync(string smtpAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(smtpAddress, out var address))
            return null;
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: true);
        switch (await FindAddressOwnerAsync(c, tx, address.Key, ct))
        {
            case { UserId: { } userId }:
                var user = (await ReadUsersAsync(c, tx, "WHERE id = $id", ct, ("$id", userId))).FirstOrDefault().User;
                return user is null ? null : new DirectoryRecipient(user, null);
            case { GroupId: { } groupId }:
                var group = await ReadGroupAsync(c, tx, groupId, ct);
                return group is null ? null : new DirectoryRecipient(null, group);
            default:
                return null;
        }
    }

    /// <summary>
    /// The users a group reaches through any depth of nesting, each once, ordered by primary address (disabled users
    /// included: their mailboxes still receive mail). Empty for an unknown group.
    /// </summary>
    public async ValueTask<IReadOnlyList<DirectoryUser>> ExpandGroupAsync(string groupAddress, CancellationToken ct = default)
    {
        if (!SmtpAddress.TryParse(groupAddress, out var address))
            return [];
        await using var c = await OpenAsync(ct);
        await using var tx = c.BeginTransaction(deferred: true);
        if (await FindAddressOwnerAsync(c, tx, address.Key, ct) is not { GroupId: { } groupId })
            return [];
        // UNION (not UNION ALL) visits each group once, so even a cycle written by an older version terminates.
        var users = await ReadUsersAsync(c, tx, """
            WHERE id IN (
                WITH RECURSIVE reach(id) AS (
                    SELECT $g
                    UNION
                    SELECT m.member_group_id FROM group_members m JOIN reach ON m.group_id = reach.id WHERE m.member_group_id IS NOT NULL)
                SELECT m.member_user_id FROM group_members m WHERE m.group_id IN (SELECT id FROM reach) AND m.member_user_id IS NOT NULL)
            ORDER BY primary_lower
            """, ct, ("$g", groupId));
        return users.Select(u => u.User).ToList();
    }

    private static async Task<DirectoryGroup?> ReadGroupAsync(SqliteConnection c, SqliteTransaction? tx, long id, CancellationToken ct)
    {
        DirectoryGroup group;
        await using (var cmd = c.Sql("SELECT primary_address, display_name, legacy_dn FROM dist_groups WHERE id = $id;", tx, ("$id", id)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct))
                return null;
            group = new DirectoryGroup(r.GetString(0), r.GetString(1), r.GetString(2), []);
        }

        var members = new List<string>();
        await using (var cmd = c.Sql("""
            SELECT COALESCE(u.primary_address, g.primary_address) FROM group_members m
            LEFT JOIN users u ON u.id = m.member_user_id
            LEFT JOIN dist_groups g ON g.id = m.member_group_id
            WHERE m.group_id = $id ORDER BY m.rowid;
            """, tx, ("$id", id)))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
                members.Add(r.GetString(0));
        }

        var aliases = await ReadAliasesAsync(c, tx, "group_id", id, ct);
        return group with { Members = members, Aliases = aliases.TryGetValue(id, out var list) ? list : [] };
    }
}
