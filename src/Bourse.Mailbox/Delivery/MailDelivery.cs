using Bourse.Core.Errors;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.Mailbox;

/// <summary>
/// Local delivery: resolves a recipient address through the directory (user, alias or group), creates the mailbox on first
/// use, enforces the size limit and the ProhibitReceive quota, and stores the message in the Inbox as an unread item.
/// Bad messages never throw; every outcome is a <see cref="DeliveryStatus"/>.
/// </summary>
public sealed class MailDelivery
{
    private readonly IMailStore _store;
    private readonly IDirectory _directory;
    private readonly TimeProvider _time;
    private readonly DeliveryTargetCache _targets;

    public MailDelivery(IMailStore store, IDirectory directory, TimeProvider time, MailDeliveryOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Options = options ?? new MailDeliveryOptions();
        _targets = new DeliveryTargetCache(time, Options.MailboxInfoCacheTime);
    }

    public MailDeliveryOptions Options { get; }

    /// <summary>Delivers <paramref name="mime"/> to the mailbox or group members behind <paramref name="recipientAddress"/>.</summary>
    public async ValueTask<DeliveryResult> DeliverAsync(string recipientAddress, ReadOnlyMemory<byte> mime, CancellationToken ct = default)
    {
        var address = SmtpAddress.Normalize(recipientAddress);
        if (address is null)
            return new DeliveryResult(recipientAddress ?? "", DeliveryStatus.InvalidAddress, []);
        if (mime.Length > Options.MaxMessageBytes)
            return new DeliveryResult(address, DeliveryStatus.MessageTooLarge, []);

        var (status, users) = await ResolveAsync(address, ct).ConfigureAwait(false);
        if (status != DeliveryStatus.Delivered)
            return new DeliveryResult(address, status, []);

        var mapped = MimeItemMapper.Map(mime, Options.Mapping);
        var results = new List<MailboxDeliveryResult>(users.Count);
        // One recipient stamps the mapped item itself; a group's members each get a copy.
        foreach (var user in users)
            results.Add(await DeliverMappedAsync(user, mapped, ct, shareMapped: users.Count == 1).ConfigureAwait(false));
        return new DeliveryResult(address, Combine(results), results);
    }

    /// <summary>
    /// Reads the message from <paramref name="mime"/> and delivers it; refuses with <see cref="DeliveryStatus.MessageTooLarge"/>
    /// as soon as more than <see cref="MailDeliveryOptions.MaxMessageBytes"/> arrive, without buffering the rest.
    /// </summary>
    public async ValueTask<DeliveryResult> DeliverAsync(string recipientAddress, Stream mime, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mime);
        var bytes = await BoundedReader.ReadAsync(mime, Options.MaxMessageBytes, ct).ConfigureAwait(false);
        if (bytes is null)
            return new DeliveryResult(SmtpAddress.Normalize(recipientAddress) ?? recipientAddress ?? "", DeliveryStatus.MessageTooLarge, []);
        return await DeliverAsync(recipientAddress, bytes.Value, ct).ConfigureAwait(false);
    }

    /// <summary>Delivers to one already-resolved mailbox owner (no directory lookup).</summary>
    public async ValueTask<MailboxDeliveryResult> DeliverToUserAsync(DirectoryUser user, ReadOnlyMemory<byte> mime, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (mime.Length > Options.MaxMessageBytes)
            return new MailboxDeliveryResult(user, DeliveryStatus.MessageTooLarge, null);
        return await DeliverMappedAsync(user, MimeItemMapper.Map(mime, Options.Mapping), ct, shareMapped: true).ConfigureAwait(false);
    }

    /// <summary>What an address delivers to: one user, a group's members (recursively, each once), or why not.</summary>
    internal async ValueTask<(DeliveryStatus Status, IReadOnlyList<DirectoryUser> Users)> ResolveAsync(string address, CancellationToken ct)
    {
        var recipient = await _directory.ResolveAsync(address, ct).ConfigureAwait(false);
        if (recipient?.User is { } user)
            return (DeliveryStatus.Delivered, [user]);
        if (recipient?.Group is { } group)
        {
            var members = await _directory.ExpandGroupAsync(group.PrimarySmtpAddress, ct).ConfigureAwait(false);
            return (DeliveryStatus.Delivered, members.DistinctBy(m => m.MailboxId).ToList());
        }
        var accepted = await _directory.IsAcceptedDomainAsync(SmtpAddress.DomainOf(address), ct).ConfigureAwait(false);
        return (accepted ? DeliveryStatus.RecipientNotFound : DeliveryStatus.DomainNotAccepted, []);
    }

    /// <summary>
    /// Stores <paramref name="mapped"/> in the user's Inbox, stamped for this recipient: a copy of it, or with
    /// <paramref name="shareMapped"/> the item itself (the caller's only use of it).
    /// </summary>
    internal async ValueTask<MailboxDeliveryResult> DeliverMappedAsync(DirectoryUser user, NewItem mapped, CancellationToken ct, bool shareMapped = false)
    {
        try
        {
            if (!_targets.TryGet(user.MailboxId, out var info, out var inboxId))
            {
                var ensured = await MailboxProvisioner.EnsureAsync(_store, user.MailboxId, Options.DefaultQuota, ct).ConfigureAwait(false);
                if (!ensured.IsSuccess)
                    return new MailboxDeliveryResult(user, DeliveryStatus.MailboxUnavailable, null);
                var inbox = await _store.GetWellKnownFolderAsync(user.MailboxId, WellKnownFolder.Inbox, ct).ConfigureAwait(false);
                if (inbox is null)
                    return new MailboxDeliveryResult(user, DeliveryStatus.MailboxUnavailable, null);
                (info, inboxId) = (ensured.Value, inbox.Id);
                _targets.Set(user.MailboxId, info, inboxId);
            }
            // Exchange ProhibitSendReceiveQuota: a mailbox at or over it refuses new mail (NDR 5.2.2).
            if (info.IsOverReceiveQuota)
                return new MailboxDeliveryResult(user, DeliveryStatus.QuotaExceeded, null);

            var item = shareMapped ? mapped : NewItemCopy.Clone(mapped);
            StampDelivered(item.Properties, user, _time.GetUtcNow().UtcDateTime);
            var created = await _store.CreateItemAsync(user.MailboxId, inboxId, item, ct).ConfigureAwait(false);
            if (created.IsSuccess)
                return new MailboxDeliveryResult(user, DeliveryStatus.Delivered, created.Value.Id);
            _targets.Evict(user.MailboxId);
            var status = created.Error switch
            {
                StoreError.QuotaExceeded => DeliveryStatus.QuotaExceeded,
                StoreError.MessageTooLarge => DeliveryStatus.MessageTooLarge,
                _ => DeliveryStatus.MailboxUnavailable,
            };
            return new MailboxDeliveryResult(user, status, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A store fault is a transient failure for this mailbox, never an exception out of the delivery path.
            return new MailboxDeliveryResult(user, DeliveryStatus.MailboxUnavailable, null);
        }
    }

    /// <summary>MS-OXOMSG 2.2.3.9 / 2.2.1.x: delivery time, received-by identity, and an unread, not-from-me message.</summary>
    internal static void StampDelivered(PropertyBag bag, DirectoryUser user, DateTime nowUtc)
    {
        bag.Set(PropTags.MessageDeliveryTime, nowUtc);
        if (bag.GetDateTime(PropTags.ClientSubmitTime) is null)
            bag.Set(PropTags.ClientSubmitTime, nowUtc);
        bag.Set(PropTags.ReceivedByName, user.DisplayName);
        bag.Set(PropTags.ReceivedByEmailAddress, user.PrimarySmtpAddress);
        bag.Set(PropTags.ReceivedBySmtpAddress, user.PrimarySmtpAddress);
        var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
        flags &= ~(MessageFlags.Read | MessageFlags.FromMe | MessageFlags.Unsent | MessageFlags.Submitted);
        bag.Set(PropTags.MessageFlags, (int)flags);
        bag.Remove(PropTags.Read);
    }

    private static DeliveryStatus Combine(List<MailboxDeliveryResult> results)
    {
        if (results.TrueForAll(r => r.Status == DeliveryStatus.Delivered))
            return DeliveryStatus.Delivered;
        if (results.Exists(r => r.Status == DeliveryStatus.Delivered))
            return DeliveryStatus.PartiallyDelivered;
        return results[0].Status;
    }
}
