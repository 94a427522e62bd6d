using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.Mailbox;

/// <summary>
/// The mailbox operations every protocol shares, written once: provisioning, delete (three modes), move, copy, read state,
/// flags, changes since a change number, and waiting for the next change. Authorization is the caller's concern; every
/// method works inside the one mailbox it is given.
/// </summary>
public sealed partial class MailboxOperations
{
    private readonly IMailStore _store;
    private readonly IDirectory _directory;
    private readonly TimeProvider _time;
    private readonly MailboxQuota? _defaultQuota;

    public MailboxOperations(IMailStore store, IDirectory directory, TimeProvider time, MailboxQuota? defaultQuota = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _defaultQuota = defaultQuota;
    }

    /// <summary>Creates the user's store mailbox with its well-known folders if it does not exist yet.</summary>
    public ValueTask<StoreResult<MailboxInfo>> EnsureMailboxAsync(DirectoryUser user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return MailboxProvisioner.EnsureAsync(_store, user.MailboxId, _defaultQuota, ct);
    }

    /// <summary>Creates the store mailbox of the directory user that owns <paramref name="mailbox"/>; MailboxNotFound if none does.</summary>
    public async ValueTask<StoreResult<MailboxInfo>> EnsureMailboxAsync(MailboxId mailbox, CancellationToken ct = default)
    {
        var user = await _directory.GetUserAsync(mailbox, ct).ConfigureAwait(false);
        if (user is null)
            return StoreResult<MailboxInfo>.Fail(StoreError.MailboxNotFound, "No directory user owns this mailbox.");
        return await EnsureMailboxAsync(user, ct).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<StoreResult<ItemId>>> MoveItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId destination,
        CancellationToken ct = default) => _store.MoveItemsAsync(mailbox, items, destination, ct);

    public ValueTask<IReadOnlyList<StoreResult<ItemId>>> CopyItemsAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, FolderId destination,
        CancellationToken ct = default) => _store.CopyItemsAsync(mailbox, items, destination, ct);

    public ValueTask<IReadOnlyList<StoreResult<bool>>> MarkReadAsync(MailboxId mailbox, IReadOnlyList<ItemId> items, bool read,
        CancellationToken ct = default) => _store.SetReadAsync(mailbox, items, read, ct);

    public ValueTask<StoreResult<bool>> SetFlagAsync(MailboxId mailbox, ItemId item, FlagStatus status, CancellationToken ct = default) =>
        _store.SetFlagAsync(mailbox, item, status, ct);

    public ValueTask<ChangeSet> GetChangesAsync(MailboxId mailbox, ChangeQuery query, CancellationToken ct = default) =>
        _store.GetChangesAsync(mailbox, query, ct);

    /// <summary>
    /// Waits until a change after <paramref name="afterChangeNumber"/> is committed in the mailbox, or the timeout passes.
    /// True when a change happened. Held as an await on the notifier, never a thread.
    /// </summary>
    public async ValueTask<bool> WaitForChangeAsync(MailboxId mailbox, long afterChangeNumber, TimeSpan timeout, CancellationToken ct = default) =>
        await WaitForNextChangeAsync(mailbox, afterChangeNumber, timeout, ct).ConfigureAwait(false) is not null;

    /// <summary>Like <see cref="WaitForChangeAsync"/>, returning the change (its number and folders) or null on timeout.</summary>
    public async ValueTask<MailboxChange?> WaitForNextChangeAsync(MailboxId mailbox, long afterChangeNumber, TimeSpan timeout,
        CancellationToken ct = default)
    {
        if (timeout < TimeSpan.Zero)
            timeout = TimeSpan.Zero;
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        try
        {
            return await _store.Notifications.WaitAsync(mailbox, afterChangeNumber, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
