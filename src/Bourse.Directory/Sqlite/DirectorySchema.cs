using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

/// <summary>
/// The tables of directory.db, created on first open and upgraded in place, inside one IMMEDIATE transaction (safe when
/// two processes race). Each version's script is kept as it shipped: a new database runs them all, an older one the
/// ones it lacks, and PRAGMA user_version records where it stands.
/// </summary>
internal static class DirectorySchema
{
    public const int Version = 2;

    /// <summary>The version 1 schema as it shipped (internal so tests can build a version 1 database to upgrade).</summary>
    internal const string CreateV1 = """
        -- Organisation-wide settings written once: organization_name, deployment_id, created_utc.
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        -- Accepted domains, lower case; rowid keeps the order they were added in.
        CREATE TABLE accepted_domains (
            domain    TEXT NOT NULL UNIQUE,
            added_utc INTEGER NOT NULL
        );

        -- Mail users, rooms and equipment. *_lower columns are the case-insensitive lookup keys.
        -- password_hash is 'pbkdf2-sha256$<iterations>$<salt>$<hash>' or NULL (cannot sign in).
        CREATE TABLE users (
            id              INTEGER PRIMARY KEY,
            mailbox_id      TEXT NOT NULL UNIQUE,
            primary_address TEXT NOT NULL,
            primary_lower   TEXT NOT NULL UNIQUE,
            display_name    TEXT NOT NULL,
            upn             TEXT NOT NULL,
            upn_lower       TEXT NOT NULL UNIQUE,
            sam             TEXT NOT NULL,
            sam_lower       TEXT NOT NULL UNIQUE,
            legacy_dn       TEXT NOT NULL,
            legacy_dn_lower TEXT NOT NULL UNIQUE,
            database        TEXT NOT NULL,
            kind            INTEGER NOT NULL,
            enabled         INTEGER NOT NULL,
            created_utc     INTEGER NOT NULL,
            password_hash   TEXT
        );

        -- Distribution groups ("groups" is an SQL keyword).
        CREATE TABLE dist_groups (
            id              INTEGER PRIMARY KEY,
            primary_address TEXT NOT NULL,
            primary_lower   TEXT NOT NULL UNIQUE,
            display_name    TEXT NOT NULL,
            legacy_dn       TEXT NOT NULL,
            legacy_dn_lower TEXT NOT NULL UNIQUE,
            created_utc     INTEGER NOT NULL
        );

        -- Every SMTP address of every recipient (primary and proxy addresses), so that one address belongs to exactly
        -- one user or group.
        CREATE TABLE addresses (
            address_lower TEXT PRIMARY KEY,
            address       TEXT NOT NULL,
            user_id       INTEGER REFERENCES users(id) ON DELETE CASCADE,
            group_id      INTEGER REFERENCES dist_groups(id) ON DELETE CASCADE,
            is_primary    INTEGER NOT NULL,
            CHECK ((user_id IS NULL) <> (group_id IS NULL))
        );
        CREATE INDEX addresses_user ON addresses(user_id) WHERE user_id IS NOT NULL;
        CREATE INDEX addresses_group ON addresses(group_id) WHERE group_id IS NOT NULL;

        -- Direct members of groups: a user or a nested group; rowid keeps the order members were added in.
        CREATE TABLE group_members (
            group_id        INTEGER NOT NULL REFERENCES dist_groups(id) ON DELETE CASCADE,
            member_user_id  INTEGER REFERENCES users(id) ON DELETE CASCADE,
            member_group_id INTEGER REFERENCES dist_groups(id) ON DELETE CASCADE,
            CHECK ((member_user_id IS NULL) <> (member_group_id IS NULL))
        );
        CREATE UNIQUE INDEX group_members_user ON group_members(group_id, member_user_id) WHERE member_user_id IS NOT NULL;
        CREATE UNIQUE INDEX group_members_group ON group_members(group_id, member_group_id) WHERE member_group_id IS NOT NULL;
        CREATE INDEX group_members_by_user ON group_members(member_user_id) WHERE member_user_id IS NOT NULL;
        CREATE INDEX group_members_by_group ON group_members(member_group_id) WHERE member_group_id IS NOT NULL;

        -- !!! PASSWORD EQUIVALENTS !!!
        -- The NT hash (NTOWFv1, MS-NLMP 3.3.1: MD4 of the UTF-16LE password). NTLM challenge/response is computed
        -- from it, so it cannot be a salted slow hash, and anyone who reads it can sign in as the user over NTLM
        -- (pass-the-hash). Kept out of the users table so that listing or exporting users never touches it; read only
        -- by the NTLM authenticator; never logged. Protect directory.db like a password file.
        CREATE TABLE ntlm_secrets (
            user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
            nt_hash BLOB NOT NULL CHECK (length(nt_hash) = 16)
        );
        """;

    private const string MigrateV1ToV2 = """
        -- Mobile device partnerships (ActiveSync): one row per device and mailbox, keyed by the DeviceId lower-cased
        -- (device_id keeps it as the device first sent it), removed with the user. Times are UTC ticks. user_agent and
        -- protocol_version are what its requests carry; model to enable_outbound_sms what it reported about itself
        -- (Settings DeviceInformation, whose UserAgent is reported_user_agent). access and wipe are the
        -- DeviceAccessState and DeviceWipeStatus numbers.
        CREATE TABLE devices (
            mailbox_id            TEXT NOT NULL REFERENCES users(mailbox_id) ON DELETE CASCADE,
            device_id_lower       TEXT NOT NULL,
            device_id             TEXT NOT NULL,
            device_type           TEXT NOT NULL,
            user_agent            TEXT,
            protocol_version      TEXT,
            model                 TEXT,
            imei                  TEXT,
            friendly_name         TEXT,
            os                    TEXT,
            os_language           TEXT,
            phone_number          TEXT,
            mobile_operator       TEXT,
            reported_user_agent   TEXT,
            enable_outbound_sms   INTEGER,
            first_sync_utc        INTEGER NOT NULL,
            last_sync_utc         INTEGER NOT NULL,
            policy_key            INTEGER,
            policy_applied_utc    INTEGER,
            access                INTEGER NOT NULL,
            wipe                  INTEGER NOT NULL,
            wipe_requested_utc    INTEGER,
            wipe_acknowledged_utc INTEGER,
            PRIMARY KEY (mailbox_id, device_id_lower)
        ) WITHOUT ROWID;
        """;

    /// <summary>The script that takes the schema from version <c>i</c> to <c>i + 1</c> (0 is an empty database).</summary>
    private static readonly string[] s_upgrades = [CreateV1, MigrateV1ToV2];

    /// <summary>Creates or upgrades the schema and returns the organisation, creating it (name, DeploymentId) once.</summary>
    public static async Task<(string Name, Guid DeploymentId)> InitializeAsync(
        SqliteConnection connection, string organizationName, TimeProvider time, CancellationToken ct)
    {
        // WAL: readers (the server) and a writer (the bourse CLI in another process) do not block each other.
        await using (var wal = connection.Sql("PRAGMA journal_mode = WAL;"))
            await wal.ExecuteScalarAsync(ct);

        // BEGIN IMMEDIATE: a second process opening at the same moment waits instead of racing the CREATE TABLEs.
        await using var tx = connection.BeginTransaction(deferred: false);
        long version;
        await using (var cmd = connection.Sql("PRAGMA user_version;", tx))
            version = (long)(await cmd.ExecuteScalarAsync(ct))!;

        if (version is < 0 or > Version)
            throw new InvalidOperationException($"directory.db has schema version {version}; this Bourse understands up to {Version}. Upgrade Bourse.");
        if (version < Version)
        {
            var upgrade = string.Concat(s_upgrades[(int)version..]) + $"PRAGMA user_version = {Version};";
            await using var run = connection.Sql(upgrade, tx);
            await run.ExecuteNonQueryAsync(ct);
        }

        await using (var seed = connection.Sql(
            "INSERT OR IGNORE INTO meta(key, value) VALUES ('organization_name', $name), ('deployment_id', $id), ('created_utc', $now);", tx,
            ("$name", organizationName), ("$id", Guid.NewGuid().ToString("D")),
            ("$now", time.GetUtcNow().UtcTicks.ToString(CultureInfo.InvariantCulture))))
        {
            await seed.ExecuteNonQueryAsync(ct);
        }

        string? name = null;
        var deploymentId = Guid.Empty;
        await using (var read = connection.Sql("SELECT key, value FROM meta WHERE key IN ('organization_name', 'deployment_id');", tx))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetString(0) == "organization_name")
                    name = reader.GetString(1);
                else
                    deploymentId = Guid.Parse(reader.GetString(1));
            }
        }

        await tx.CommitAsync(ct);
        return (name ?? organizationName, deploymentId);
    }
}
