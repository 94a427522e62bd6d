using System.Globalization;
using System.Text;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.State;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Storage;
using MimeKit;
using MimeKit.Utils;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// What SendMail, SmartReply and SmartForward share: read the request (WBXML ComposeMail or 12.1 message/rfc822), refuse a
/// retry of a ClientId this device already sent, refuse a From or Sender that is not the signed-in user, find the original
/// of a reply or forward and append it, submit through <see cref="ISubmission"/> (local delivery, Sent Items copy,
/// non-delivery reports), then mark the original as replied to or forwarded.
/// </summary>
internal abstract class ComposeMailHandler(IMailStore store, ISubmission submission, EasStateStore state, TimeProvider time) : IEasCommandHandler
{
    /// How many ClientIds of a device are remembered to recognise a retry.
    internal const int RememberedClientIds = 200;

    private static readonly SemaphoreSlim[] Gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    // MS-OXOMSG, PidTagLastVerbExecuted: 102 reply to sender, 103 reply to all, 104 forward.
    private const int VerbReplyToSender = 102;
    private const int VerbReplyToAll = 103;
    private const int VerbForward = 104;

    // MS-OXOMSG, PidTagIconIndex: 0x105 replied mail, 0x106 forwarded mail.
    private const int IconReplied = 0x105;
    private const int IconForwarded = 0x106;

    internal enum ComposeKind
    {
        Send,
        Reply,
        Forward,
    }

    private enum SenderCheck
    {
        Missing,
        Own,
        Foreign,
    }

    public abstract EasCommand Command { get; }

    /// MS-ASCMD 2.2.1.17: in 12.1 the request body is the message itself (message/rfc822), not WBXML.
    public bool AcceptsRawBody => true;

    protected abstract ComposeKind Kind { get; }

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var (request, refused) = ComposeRequest.Read(context);
        if (request is null)
            return Fail(context, refused);

        // MS-ASCMD 2.2.3.3.1: an AccountId must be one the Settings command published; this server publishes none.
        if (request.AccountId is not null)
            return Fail(context, ComposeMailStatus.InvalidAccountId);

        MimeMessage draft;
        try
        {
            using var input = new MemoryStream(request.Mime.ToArray(), writable: false);
            draft = await MimeMessage.LoadAsync(input, ct).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            return Fail(context, ComposeMailStatus.InvalidMime);
        }

        var user = context.User;
        var sender = CheckSender(draft, user);
        if (sender == SenderCheck.Foreign)
            return Fail(context, ComposeMailStatus.AccessDenied);

        Item? original = null;
        if (Kind != ComposeKind.Send)
        {
            original = await FindSourceAsync(context, request, ct).ConfigureAwait(false);
            if (original is null)
                return Fail(context, ComposeMailStatus.ItemNotFound);
        }

        var changed = false;
        if (original is not null)
        {
            var forward = Kind == ComposeKind.Forward;
            if (request.ReplaceMime)
            {
                // The device's message is complete; only the threading headers are added if it left them out.
                var originalHeaders = new MimeMessage();
                if (original.Properties.GetString(PropTags.InternetMessageId) is { Length: > 2 } id)
                    originalHeaders.MessageId = MimeUtils.EnumerateReferences(id).FirstOrDefault() ?? id.Trim('<', '>');
                foreach (var r in MimeUtils.EnumerateReferences(original.Properties.GetString(PropTags.InternetReferences) ?? ""))
                    originalHeaders.References.Add(r);
                changed = NeedsThreading(draft, originalHeaders, forward);
                ComposeMessageBuilder.Thread(draft, originalHeaders, forward);
            }
            else
            {
                var originalMessage = await ComposeMessageBuilder.LoadOriginalAsync(store, context.Mailbox, original, ct).ConfigureAwait(false);
                ComposeMessageBuilder.AppendOriginal(draft, originalMessage, forward);
                ComposeMessageBuilder.Thread(draft, originalMessage, forward);
                changed = true;
            }
        }

        // RFC 6409 8.1–8.3: the submission server may add a missing From (the authenticated user), Date and Message-ID.
        if (sender == SenderCheck.Missing)
        {
            draft.From.Clear();
            draft.From.Add(new MailboxAddress(user.DisplayName, user.PrimarySmtpAddress));
            changed = true;
        }

        if (!draft.Headers.Contains(HeaderId.Date))
        {
            draft.Date = time.GetUtcNow();
            changed = true;
        }

        if (string.IsNullOrEmpty(draft.MessageId))
        {
            draft.MessageId = MimeUtils.GenerateMessageId(user.Domain);
            changed = true;
        }

        var mime = changed ? Serialize(draft) : request.Mime;

        // MS-ASCMD 2.2.3.28.1: the server uses ClientId to recognise a message it already sent — a retry after a lost or
        // timed-out response, which may arrive while the first attempt is still submitting. The ClientId is recorded before
        // the submission (and forgotten again if it fails), so the retry is answered 118 MessagePreviouslySent and the
        // message goes out once.
        if (request.ClientId is { } clientId && !await RememberAsync(context, clientId, ct).ConfigureAwait(false))
            return Fail(context, ComposeMailStatus.MessagePreviouslySent);

        var result = await submission.SubmitAsync(new SubmitRequest(user, mime) { SaveInSentItems = request.SaveInSentItems }, ct)
            .ConfigureAwait(false);
        if (!result.IsAccepted)
        {
            if (request.ClientId is { } failedId)
                await ForgetAsync(context, failedId, CancellationToken.None).ConfigureAwait(false);
            return Fail(context, StatusOf(result.Status));
        }

        if (original is not null)
            await MarkOriginalAsync(context.Mailbox, original, draft, ct).ConfigureAwait(false);

        // MS-ASCMD 2.2.3.177.14/16: a success has no XML body.
        return EasResult.EmptyOk;
    }

    /// Records the ClientId as sent by this device; false when it already was. The read-modify-write of the device's list
    /// is serialised in this process (striped locks); the list itself lives in the mailbox's protocol state.
    private async ValueTask<bool> RememberAsync(EasRequestContext context, string clientId, CancellationToken ct)
    {
        var key = EasStateStore.DeviceValueKey(context.DeviceKey, "sent");
        var gate = GateFor(context, key);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var remembered = ReadClientIds(await state.GetAsync(context.Mailbox, key, ct).ConfigureAwait(false));
            if (remembered.Contains(clientId, StringComparer.Ordinal))
                return false;
            remembered.Add(clientId);
            if (remembered.Count > RememberedClientIds)
                remembered.RemoveRange(0, remembered.Count - RememberedClientIds);
            await state.SetAsync(context.Mailbox, key, Encoding.UTF8.GetBytes(string.Join('\n', remembered)), ct).ConfigureAwait(false);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask ForgetAsync(EasRequestContext context, string clientId, CancellationToken ct)
    {
        var key = EasStateStore.DeviceValueKey(context.DeviceKey, "sent");
        var gate = GateFor(context, key);
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var remembered = ReadClientIds(await state.GetAsync(context.Mailbox, key, ct).ConfigureAwait(false));
            if (remembered.Remove(clientId))
                await state.SetAsync(context.Mailbox, key, Encoding.UTF8.GetBytes(string.Join('\n', remembered)), ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static SemaphoreSlim GateFor(EasRequestContext context, string key) =>
        Gates[(int)((uint)HashCode.Combine(context.Mailbox, StringComparer.Ordinal.GetHashCode(key)) % (uint)Gates.Length)];

    /// The Source of a reply or forward: ItemId is the ServerId from Sync (with FolderId its collection), LongId the id from
    /// Search (MS-ASCMD 2.2.3.93, 2.2.3.98.4); both are "{folder}:{item}" here. 12.1 carries them on the request line. The
    /// item is looked up in the caller's mailbox only, by its store id, which a move does not change.
    private async ValueTask<Item?> FindSourceAsync(EasRequestContext context, ComposeRequest request, CancellationToken ct)
    {
        var text = request.SourceLongId ?? request.SourceItemId;
        ItemId id;
        if (ServerIds.TryParse(text, out _, out var parsed))
            id = parsed;
        else if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bare) && bare > 0)
            id = new ItemId(bare);
        else
            return null;
        return await store.GetItemAsync(context.Mailbox, id, ct).ConfigureAwait(false);
    }

    private async ValueTask MarkOriginalAsync(MailboxId mailbox, Item original, MimeMessage sent, CancellationToken ct)
    {
        var forward = Kind == ComposeKind.Forward;
        var verb = forward ? VerbForward : sent.To.Mailboxes.Count() + sent.Cc.Mailboxes.Count() > 1 ? VerbReplyToAll : VerbReplyToSender;
        var changes = new PropertyChanges()
            .With(PropTags.LastVerbExecuted, PropertyValue.Long(verb))
            .With(PropTags.LastVerbExecutionTime, PropertyValue.SysTime(time.GetUtcNow().UtcDateTime))
            .With(PropTags.IconIndex, PropertyValue.Long(forward ? IconForwarded : IconReplied));
        // The message has gone; failing to mark the original (deleted meanwhile) does not fail the command.
        _ = await store.UpdateItemAsync(mailbox, original.Id, changes, ct: ct).ConfigureAwait(false);
    }

    private static bool NeedsThreading(MimeMessage draft, MimeMessage original, bool forward) =>
        !string.IsNullOrEmpty(original.MessageId) && ((!forward && string.IsNullOrEmpty(draft.InReplyTo)) || draft.References.Count == 0);

    private static SenderCheck CheckSender(MimeMessage draft, DirectoryUser user)
    {
        var from = draft.From.Mailboxes.ToList();
        // A From of only a group ("undisclosed:;") names nobody, which is not the user either.
        if (draft.From.Count > 0 && from.Count == 0)
            return SenderCheck.Foreign;
        if (from.Any(m => !IsAddressOf(user, m.Address)))
            return SenderCheck.Foreign;
        if (draft.Sender is { } s && !IsAddressOf(user, s.Address))
            return SenderCheck.Foreign;
        return from.Count == 0 ? SenderCheck.Missing : SenderCheck.Own;
    }

    private static bool IsAddressOf(DirectoryUser user, string? address) =>
        address is not null &&
        (string.Equals(user.PrimarySmtpAddress, address, StringComparison.OrdinalIgnoreCase) ||
         user.Aliases.Any(a => string.Equals(a, address, StringComparison.OrdinalIgnoreCase)));

    private static List<string> ReadClientIds(byte[]? value) =>
        value is null ? [] : [.. Encoding.UTF8.GetString(value).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static byte[] Serialize(MimeMessage message)
    {
        using var output = new MemoryStream();
        message.WriteTo(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, output);
        return output.ToArray();
    }

    private static int StatusOf(SubmissionStatus status) => status switch
    {
        SubmissionStatus.NoRecipients => ComposeMailStatus.MessageHasNoRecipient,
        SubmissionStatus.MessageTooLarge => ComposeMailStatus.AttachmentIsTooLarge,
        SubmissionStatus.SendQuotaExceeded => ComposeMailStatus.SendQuotaExceeded,
        _ => ComposeMailStatus.MailSubmissionFailed,
    };

    /// 14.0 and later: the command element with a Status (MS-ASCMD 2.2.3.177.14/16). 12.1 has no XML answer, only HTTP
    /// (MS-ASHTTP 2.2.2.1.1): 400 for a request the device must change, 403 for a foreign sender, 413 for a message over
    /// the size limit, 507 for the send quota, 503 when the server could not submit.
    private EasResult Fail(EasRequestContext context, int status)
    {
        if (context.Version >= EasProtocolVersion.V14_0)
            return EasResponses.Status(Command, status);
        return new EasResult.Http(status switch
        {
            ComposeMailStatus.AccessDenied => 403,
            ComposeMailStatus.AttachmentIsTooLarge => 413,
            ComposeMailStatus.SendQuotaExceeded => 507,
            ComposeMailStatus.MailSubmissionFailed => 503,
            _ => 400,
        });
    }
}
