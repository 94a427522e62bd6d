using System.Collections.Concurrent;
using Bourse.Core.Ids;
using Bourse.Storage;

namespace Bourse.Mailbox;

/// <summary>
/// What delivery needs to know about a mailbox before writing — its Inbox and its quota state — kept for a short time,
/// as Exchange's transport caches mailbox quota rather than reading it per message. The Inbox of a mailbox never
/// changes; the quota state may be up to <see cref="MailDeliveryOptions.MailboxInfoCacheTime"/> old, so a mailbox that
/// just crossed ProhibitReceive may take one more message or a few. A failed write evicts the entry.
/// </summary>
internal sealed class DeliveryTargetCache(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<MailboxId, Entry> _entries = new();

    public bool TryGet(MailboxId mailbox, out MailboxInfo info, out FolderId inbox)
    {
        if (lifetime > TimeSpan.Zero && _entries.TryGetValue(mailbox, out var e) && time.GetUtcNow() < e.Expires)
        {
            info = e.Info;
            inbox = e.Inbox;
            return true;
        }
        info = null!;
        inbox = default;
        return false;
    }

    public void Set(MailboxId mailbox, MailboxInfo info, FolderId inbox)
    {
        if (lifetime <= TimeSpan.Zero)
            return;
        if (_entries.Count > 100_000)
            _entries.Clear();
        _entries[mailbox] = new Entry(info, inbox, time.GetUtcNow() + lifetime);
    }

    public void Evict(MailboxId mailbox) => _entries.TryRemove(mailbox, out _);

    private sealed record Entry(MailboxInfo Info, FolderId Inbox, DateTimeOffset Expires);
}
