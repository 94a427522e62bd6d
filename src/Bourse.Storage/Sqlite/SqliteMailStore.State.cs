using Bourse.Core.Errors;
using Bourse.Core.Ids;

namespace Bourse.Storage.Sqlite;

public sealed partial class SqliteMailStore
{
    public ValueTask<byte[]?> GetStateAsync(MailboxId mailbox, string key, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var lease = _reads.Rent();
        using var r = WithMailbox(lease.Session.Command("""
            SELECT s.v FROM states s JOIN mailboxes m ON m.mbx = s.mbx WHERE m.guid = $g AND s.k = $k
            """), mailbox).With("$k", key).ExecuteReader();
        return ValueTask.FromResult(r.Read() ? r.GetFieldValue<byte[]>(0) : null);
    }

    public ValueTask<StoreResult<bool>> SetStateAsync(MailboxId mailbox, string key, byte[]? value, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > StateLimits.MaxKeyLength)
            return ValueTask.FromResult(Fail<bool>(StoreError.InvalidArgument, $"A state key has 1 to {StateLimits.MaxKeyLength} characters."));
        if (value is { Length: > StateLimits.MaxValueBytes })
            return ValueTask.FromResult(Fail<bool>(StoreError.InvalidArgument, $"A state value is at most {StateLimits.MaxValueBytes} bytes."));
        return WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<bool>(StoreError.MailboxNotFound, "No such mailbox.");
            if (value is null)
            {
                ctx.Session.Command("DELETE FROM states WHERE mbx = $m AND k = $k").With("$m", mb.Mbx).With("$k", key).ExecuteNonQuery();
            }
            else
            {
                ctx.Session.Command("""
                    INSERT INTO states(mbx, k, v, modified) VALUES($m, $k, $v, $t)
                    ON CONFLICT(mbx, k) DO UPDATE SET v = excluded.v, modified = excluded.modified
                    """).With("$m", mb.Mbx).With("$k", key).With("$v", value).With("$t", ctx.Time.GetUtcNow().UtcTicks).ExecuteNonQuery();
            }
            return StoreResult<bool>.Ok(true);
        }, ct);
    }

    public ValueTask<StoreResult<int>> DeleteStatesAsync(MailboxId mailbox, string keyPrefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return WriteAsync(ctx =>
        {
            if (ResolveMailbox(ctx, mailbox) is not { } mb)
                return Fail<int>(StoreError.MailboxNotFound, "No such mailbox.");
            var n = ctx.Session.Command("DELETE FROM states WHERE mbx = $m AND substr(k, 1, $n) = $p")
                .With("$m", mb.Mbx).With("$n", keyPrefix.Length).With("$p", keyPrefix).ExecuteNonQuery();
            return StoreResult<int>.Ok(n);
        }, ct);
    }

    public ValueTask<IReadOnlyList<string>> ListStateKeysAsync(MailboxId mailbox, string keyPrefix, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        using var lease = _reads.Rent();
        // Range scan on the primary key: keys >= prefix, stopping at the first that no longer starts with it.
        using var r = WithMailbox(lease.Session.Command("""
            SELECT s.k FROM states s JOIN mailboxes m ON m.mbx = s.mbx WHERE m.guid = $g AND s.k >= $p ORDER BY s.k
            """), mailbox).With("$p", keyPrefix).ExecuteReader();
        var keys = new List<string>();
        while (r.Read())
        {
            var k = r.GetString(0);
            if (!k.StartsWith(keyPrefix, StringComparison.Ordinal))
                break;
            keys.Add(k);
        }
        return ValueTask.FromResult<IReadOnlyList<string>>(keys);
    }
}
