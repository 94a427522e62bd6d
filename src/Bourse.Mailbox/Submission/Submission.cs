using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.Mailbox;

/// <summary>
/// Sends a message for an authenticated user: checks the sender's ProhibitSend quota, expands recipients (envelope or
/// To/Cc/Bcc, groups recursively, each mailbox once), delivers locally with Bcc removed, saves the byte-exact original in
/// Sent Items, and reports every recipient it could not deliver to in one non-delivery report in the sender's Inbox.
/// There is no outbound SMTP transport yet, so recipients outside our accepted domains fail with 5.4.1, as they do on an
/// Exchange organization without a send connector.
/// </summary>
public sealed class Submission : ISubmission
{
    private readonly IMailStore _store;
    private readonly TimeProvider _time;
    private readonly MailDelivery _delivery;

    public Submission(IMailStore store, IDirectory directory, TimeProvider time, MailDeliveryOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(directory);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _delivery = new MailDelivery(store, directory, time, options);
    }

    public MailDeliveryOptions Options => _delivery.Options;

    public async ValueTask<SubmissionResult> SubmitAsync(SubmitRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sender = request.Sender;
        if (request.Mime.Length > Options.MaxMessageBytes)
            return new SubmissionResult(SubmissionStatus.MessageTooLarge, []);

        var senderInfo = await MailboxProvisioner.EnsureAsync(_store, sender.MailboxId, Options.DefaultQuota, ct).ConfigureAwait(false);
        if (!senderInfo.IsSuccess)
            return new SubmissionResult(SubmissionStatus.SenderMailboxUnavailable, []);
        // Exchange ProhibitSendQuota: once reached the user cannot send; the client is told, no NDR is generated.
        if (senderInfo.Value.IsOverSendQuota)
            return new SubmissionResult(SubmissionStatus.SendQuotaExceeded, []);

        var original = MimeItemMapper.Map(request.Mime, Options.Mapping);
        var addresses = (request.EnvelopeRecipients ?? original.Recipients.Select(r => r.Address).ToList())
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (addresses.Count == 0)
            return new SubmissionResult(SubmissionStatus.NoRecipients, []);

        // RFC 5322 3.6.3: Bcc recipients get the message but no recipient may see Bcc addresses, so the delivered copy
        // is the original bytes with the Bcc (and Resent-Bcc, 3.6.6) fields cut out; every other byte stays as it was.
        var delivered = RawHeaders.RemoveField(RawHeaders.RemoveField(request.Mime, "Bcc"), "Resent-Bcc");
        var deliveredItem = delivered.Length == request.Mime.Length ? NewItemCopy.Clone(original) : MimeItemMapper.Map(delivered, Options.Mapping);
        FillSenderWhenMissing(deliveredItem.Properties, sender);

        var outcomes = new List<SubmissionRecipientResult>();
        var seen = new HashSet<Guid>();
        foreach (var address in addresses)
            await DeliverToAddressAsync(address, deliveredItem, outcomes, seen, ct).ConfigureAwait(false);

        ItemId? sentItemId = null;
        if (request.SaveInSentItems)
            sentItemId = await SaveSentItemAsync(request, original, addresses, ct).ConfigureAwait(false);

        ItemId? ndrId = null;
        var failed = outcomes.Where(o => !o.IsDelivered).Select(o => new NonDeliveryReport.FailedRecipient(o.Address, o.Status)).ToList();
        if (failed.Count > 0)
            ndrId = await SendNonDeliveryReportAsync(request, original, failed, ct).ConfigureAwait(false);

        return new SubmissionResult(SubmissionStatus.Submitted, outcomes) { SentItemId = sentItemId, NonDeliveryReportId = ndrId };
    }

    private async ValueTask DeliverToAddressAsync(string rawAddress, NewItem item, List<SubmissionRecipientResult> outcomes, HashSet<Guid> seen,
        CancellationToken ct)
    {
        var address = SmtpAddress.Normalize(rawAddress);
        if (address is null)
        {
            outcomes.Add(Failure(rawAddress, SubmissionRecipientStatus.InvalidAddress));
            return;
        }
        var (status, users) = await _delivery.ResolveAsync(address, ct).ConfigureAwait(false);
        switch (status)
        {
            case DeliveryStatus.DomainNotAccepted:
                outcomes.Add(Failure(address, SubmissionRecipientStatus.NoRoute));
                return;
            case DeliveryStatus.RecipientNotFound:
                outcomes.Add(Failure(address, SubmissionRecipientStatus.RecipientNotFound));
                return;
        }
        var isGroup = users.Count != 1 || !IsAddressOf(users[0], address);
        foreach (var user in users)
        {
            // Each mailbox receives one copy however many times it is addressed (directly, through groups, nested groups).
            if (!seen.Add(user.MailboxId.Value))
                continue;
            var result = await _delivery.DeliverMappedAsync(user, item, ct).ConfigureAwait(false);
            var recipientStatus = result.Status switch
            {
                DeliveryStatus.Delivered => SubmissionRecipientStatus.Delivered,
                DeliveryStatus.QuotaExceeded => SubmissionRecipientStatus.MailboxFull,
                DeliveryStatus.MessageTooLarge => SubmissionRecipientStatus.MessageTooLarge,
                _ => SubmissionRecipientStatus.MailboxUnavailable,
            };
            outcomes.Add(new SubmissionRecipientResult(isGroup ? user.PrimarySmtpAddress : address, recipientStatus,
                DeliveryFailureCodes.For(recipientStatus).Status)
            {
                Mailbox = user.MailboxId,
                ItemId = result.ItemId,
                ExpandedFrom = isGroup ? address : null,
            });
        }
    }

    private async ValueTask<ItemId?> SaveSentItemAsync(SubmitRequest request, NewItem original, List<string> addresses, CancellationToken ct)
    {
        try
        {
            var sentItems = await _store.GetWellKnownFolderAsync(request.Sender.MailboxId, WellKnownFolder.SentItems, ct).ConfigureAwait(false);
            if (sentItems is null)
                return null;
            var item = NewItemCopy.Clone(original);
            var bag = item.Properties;
            FillSenderWhenMissing(bag, request.Sender);
            // Envelope recipients not named in To/Cc/Bcc were blind recipients; the sender's copy lists them as Bcc.
            var listed = new HashSet<string>(item.Recipients.Select(r => r.Address), StringComparer.OrdinalIgnoreCase);
            var extraBcc = addresses.Where(a => !listed.Contains(a) && SmtpAddress.Normalize(a) is not null).ToList();
            foreach (var a in extraBcc)
                item.Recipients.Add(new Recipient(RecipientType.Bcc, SmtpAddress.Normalize(a)!));
            if (extraBcc.Count > 0)
                bag.Set(PropTags.DisplayBcc, string.Join("; ", item.Recipients.Where(r => r.Type == RecipientType.Bcc).Select(r => r.DisplayName)));

            var now = _time.GetUtcNow().UtcDateTime;
            if (bag.GetDateTime(PropTags.ClientSubmitTime) is null)
                bag.Set(PropTags.ClientSubmitTime, now);
            bag.Set(PropTags.MessageDeliveryTime, now);
            // MS-OXCMSG 2.2.1.6: the sender's own copy is read and from me, no longer unsent.
            var flags = (MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0);
            flags = (flags | MessageFlags.Read | MessageFlags.FromMe) & ~(MessageFlags.Unsent | MessageFlags.Submitted);
            bag.Set(PropTags.MessageFlags, (int)flags);

            var created = await _store.CreateItemAsync(request.Sender.MailboxId, sentItems.Id, item, ct).ConfigureAwait(false);
            return created.IsSuccess ? created.Value.Id : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The message has gone out; a failed Sent Items copy is reported as "not saved", not as a failed send.
            return null;
        }
    }

    private async ValueTask<ItemId?> SendNonDeliveryReportAsync(SubmitRequest request, NewItem original,
        List<NonDeliveryReport.FailedRecipient> failed, CancellationToken ct)
    {
        try
        {
            var ndr = NonDeliveryReport.Build(request.Sender, request.Mime, original.Properties, failed, Options.ServerName, _time.GetUtcNow());
            var result = await _delivery.DeliverToUserAsync(request.Sender, ndr, ct).ConfigureAwait(false);
            return result.ItemId;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>A message composed without From is sent as the authenticated user (RFC 6409 8.1 lets the MSA supply it).</summary>
    private static void FillSenderWhenMissing(PropertyBag bag, DirectoryUser sender)
    {
        if (bag.GetString(PropTags.SentRepresentingSmtpAddress) is null)
        {
            bag.Set(PropTags.SentRepresentingName, sender.DisplayName);
            bag.Set(PropTags.SentRepresentingEmailAddress, sender.PrimarySmtpAddress);
            bag.Set(PropTags.SentRepresentingSmtpAddress, sender.PrimarySmtpAddress);
            bag.Set(PropTags.SentRepresentingAddressType, "SMTP");
        }
        if (bag.GetString(PropTags.SenderSmtpAddress) is null)
        {
            bag.Set(PropTags.SenderName, sender.DisplayName);
            bag.Set(PropTags.SenderEmailAddress, sender.PrimarySmtpAddress);
            bag.Set(PropTags.SenderSmtpAddress, sender.PrimarySmtpAddress);
            bag.Set(PropTags.SenderAddressType, "SMTP");
        }
    }

    private static bool IsAddressOf(DirectoryUser user, string address) =>
        string.Equals(user.PrimarySmtpAddress, address, StringComparison.OrdinalIgnoreCase) ||
        user.Aliases.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase));

    private static SubmissionRecipientResult Failure(string address, SubmissionRecipientStatus status) =>
        new(address, status, DeliveryFailureCodes.For(status).Status);
}
