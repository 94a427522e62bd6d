using System.Globalization;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Bourse.Owa.Mail;

/// <summary>
/// Compose (docs/owa-api.md), always through a draft in Drafts as Outlook does: create and auto-save, reply/reply all/forward
/// drafts, attachments added and removed, send (MIME built from the draft, handed to the one submission service, copy in
/// Sent Items, draft removed), discard.
/// </summary>
internal static class OwaComposeEndpoints
{
    /// <summary>A draft's JSON carries its HTML body, which may quote a long message: more room than other calls.</summary>
    public const int MaxDraftJsonBytes = 4 * 1024 * 1024;

    private const long DefaultMaxMessageBytes = 36L * 1024 * 1024;
    private const int VerbReply = 102;
    private const int VerbReplyAll = 103;
    private const int VerbForward = 104;

    // PSETID_Bourse: the item a reply/forward draft answers (its number in the same mailbox) and the verb to record on it.
    private static readonly PropertyKey ReplySource = PropertyKey.FromName(NamedProperty.ByName(NamedProps.BoursePropertySet, "OwaReplySource"), PropertyType.I8);
    private static readonly PropertyKey ReplyVerb = PropertyKey.FromName(NamedProperty.ByName(NamedProps.BoursePropertySet, "OwaReplyVerb"), PropertyType.Long);
    private const int MaxAttachmentNameChars = 255;

    public static async Task<IResult> CreateAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<DraftRequest>(context, MaxDraftJsonBytes);
        if (error is not null)
            return error;
        var content = OwaDraftBuilder.Validate(body!);
        if (content.Error is { } message)
            return OwaErrors.BadRequest("InvalidValue", message);
        var s = Services.Of(context);
        var ct = context.RequestAborted;
        if (await s.Directory.GetUserAsync(mailbox, ct) is not { } user ||
            await s.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Drafts, ct) is not { } drafts)
            return OwaErrors.NoMailbox();
        var now = s.Time.GetUtcNow().UtcDateTime;
        var bag = OwaDraftBuilder.ContentProperties(content, OwaDraftBuilder.SanitizeDraftHtml(content.Html, "", []), now);
        OwaDraftBuilder.NewDraftProperties(bag, user, now);
        var item = new NewItem(bag);
        item.Recipients.AddRange(content.Recipients);
        return await CreateDraftAsync(s.Store, mailbox, drafts.Id, item, allowImages: true, ct);
    }

    /// A new draft in Drafts, answered 201 with the message as the compose form shows it.
    private static async Task<IResult> CreateDraftAsync(IMailStore store, MailboxId mailbox, FolderId drafts, NewItem item, bool allowImages, CancellationToken ct)
    {
        var created = await store.CreateItemAsync(mailbox, drafts, item, ct);
        return created.IsSuccess
            ? OwaJson.Ok(OwaMessageRenderer.Message(mailbox, created.Value, allowImages), StatusCodes.Status201Created)
            : OwaFolderEndpoints.Failure(created.Error);
    }

    public static async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<DraftRequest>(context, MaxDraftJsonBytes);
        if (error is not null)
            return error;
        var s = Services.Of(context);
        var ct = context.RequestAborted;
        var (draft, failure) = await LoadDraftAsync(s.Store, mailbox, id, ct);
        if (failure is not null)
            return failure;
        var content = OwaDraftBuilder.Validate(body!);
        if (content.Error is { } message)
            return OwaErrors.BadRequest("InvalidValue", message);
        var now = s.Time.GetUtcNow().UtcDateTime;
        var bag = OwaDraftBuilder.ContentProperties(content, OwaDraftBuilder.SanitizeDraftHtml(content.Html, id, draft!.Attachments), now);
        var changes = new PropertyChanges();
        foreach (var (k, v) in bag)
            changes.With(k, v);
        // Attachments stay as they are; the recipient table is replaced whole.
        var updated = await s.Store.UpdateItemAsync(mailbox, draft.Id, new ItemUpdate { Properties = changes, ReplaceRecipients = content.Recipients }, null, ct);
        if (!updated.IsSuccess)
            return OwaFolderEndpoints.Failure(updated.Error);
        return OwaJson.Ok(OwaMessageRenderer.Message(mailbox, updated.Value, allowImages: true));
    }

    public static async Task<IResult> DiscardAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var s = Services.Of(context);
        var (draft, failure) = await LoadDraftAsync(s.Store, mailbox, id, context.RequestAborted);
        if (failure is not null)
            return failure;
        var deleted = await s.Store.DeleteItemsAsync(mailbox, [draft!.Id], context.RequestAborted);
        return deleted[0].IsSuccess ? OwaNoContent.Instance : OwaFolderEndpoints.Failure(deleted[0].Error);
    }

    public static async Task<IResult> ReplyAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<ReplyRequest>(context);
        if (error is not null)
            return error;
        if (body!.Mode is not ("reply" or "replyAll" or "forward"))
            return OwaErrors.BadRequest("InvalidValue", "mode must be reply, replyAll or forward.");
        var s = Services.Of(context);
        var ct = context.RequestAborted;
        if (await OwaIds.ItemAsync(s.Store, mailbox, id, ct) is not { } original)
            return OwaErrors.NotFound();
        if (await s.Directory.GetUserAsync(mailbox, ct) is not { } user ||
            await s.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Drafts, ct) is not { } drafts)
            return OwaErrors.NoMailbox();

        var forward = body.Mode == "forward";
        var shown = OwaMessageRenderer.Message(mailbox, original, allowImages: true);
        var recipients = forward ? [] : OwaDraftBuilder.ReplyRecipients(original, shown.ReplyTo, user, all: body.Mode == "replyAll");
        var content = new OwaDraftBuilder.Content(recipients, OwaDraftBuilder.PrefixedSubject(original.Subject, forward),
            OwaDraftBuilder.QuotedBody(shown, original, forward), original.Properties.GetInt32(PropTags.Importance) ?? 1);
        var now = s.Time.GetUtcNow().UtcDateTime;
        var bag = OwaDraftBuilder.ContentProperties(content, content.Html, now);
        OwaDraftBuilder.NewDraftProperties(bag, user, now);
        // RFC 5322 3.6.4: a reply names its parent in In-Reply-To; both carry the thread in References. Kept on the draft
        // (PidTagInReplyToId, PidTagInternetReferences) for the MIME built at send.
        if (original.Properties.GetString(PropTags.InternetMessageId) is { Length: > 0 } parentId)
        {
            if (!forward)
                bag.Set(PropTags.InReplyToId, parentId);
            var references = original.Properties.GetString(PropTags.InternetReferences);
            bag.Set(PropTags.InternetReferences, string.IsNullOrWhiteSpace(references) ? parentId : references.Trim() + " " + parentId);
        }
        // Which message this draft answers and how, so that sending it marks the original replied or forwarded.
        bag.Set(ReplySource, PropertyValue.I8(original.Id.Value));
        bag.Set(ReplyVerb, PropertyValue.Long(body.Mode switch { "reply" => VerbReply, "replyAll" => VerbReplyAll, _ => VerbForward }));
        var item = new NewItem(bag);
        item.Recipients.AddRange(recipients);
        // A forward carries the original's attachments; a reply only the inline images its quoted body shows.
        foreach (var a in original.Attachments.Where(a => forward || (a.IsInline && a.ContentId is { Length: > 0 })))
        {
            var stream = await s.Store.OpenAttachmentAsync(mailbox, original.Id, a.Number, ct);
            if (stream is null)
                continue;
            await using (stream)
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                var props = a.Properties.Clone();
                props.Remove(PropTags.AttachNumber);
                item.Attachments.Add(new NewAttachment(props, buffer.ToArray()));
            }
        }
        return await CreateDraftAsync(s.Store, mailbox, drafts.Id, item, allowImages: false, ct);
    }

    public static async Task<IResult> AddAttachmentAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var s = Services.Of(context);
        var ct = context.RequestAborted;
        var (draft, failure) = await LoadDraftAsync(s.Store, mailbox, id, ct);
        if (failure is not null)
            return failure;
        var name = CleanFileName(context.Request.Query["name"]);
        if (name is null)
            return OwaErrors.BadRequest("InvalidValue", "name must be a file name of 1 to 255 characters.");
        if (!OwaFolderEndpoints.TryBool(context.Request.Query["inline"], out var inline))
            return OwaErrors.BadRequest("InvalidValue", "inline must be true or false.");
        var max = s.MaxMessageBytes;
        var (bytes, readError) = await ReadBodyAsync(context, max - draft!.Size);
        if (readError is not null)
            return readError;
        var contentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) && parsed.MediaType.Value is { } mt &&
            !mt.Contains('*', StringComparison.Ordinal) ? mt.ToLowerInvariant() : "application/octet-stream";
        var props = new PropertyBag()
            .Set(PropTags.AttachMethod, (int)AttachMethod.ByValue)
            .Set(PropTags.AttachLongFilename, name)
            .Set(PropTags.AttachFilename, name)
            .Set(PropTags.DisplayName, name)
            .Set(PropTags.AttachMimeTag, contentType)
            .Set(PropTags.AttachSize, bytes!.Length)
            .Set(PropTags.AttachmentHidden, inline)
            .Set(PropTags.RenderingPosition, -1)
            // RFC 2392: a Content-ID lets the body show the file as an inline image (cid:) once it is sent.
            .Set(PropTags.AttachContentId, $"{Guid.NewGuid():N}@bourse.owa");
        if (Path.GetExtension(name) is { Length: > 0 } ext)
            props.Set(PropTags.AttachExtension, ext);
        var updated = await s.Store.UpdateItemAsync(mailbox, draft.Id, new ItemUpdate { AddAttachments = [new NewAttachment(props, bytes)] }, null, ct);
        if (!updated.IsSuccess)
            return OwaFolderEndpoints.Failure(updated.Error);
        return OwaJson.Ok(OwaMessageRenderer.Attachment(updated.Value.Attachments[^1]), StatusCodes.Status201Created);
    }

    public static async Task<IResult> RemoveAttachmentAsync(HttpContext context, string id, string attId)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var s = Services.Of(context);
        var (draft, failure) = await LoadDraftAsync(s.Store, mailbox, id, context.RequestAborted);
        if (failure is not null)
            return failure;
        if (!int.TryParse(attId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || draft!.Attachments.All(a => a.Number != number))
            return OwaErrors.NotFound();
        var updated = await s.Store.UpdateItemAsync(mailbox, draft.Id, new ItemUpdate { RemoveAttachments = [number] }, null, context.RequestAborted);
        return updated.IsSuccess ? OwaNoContent.Instance : OwaFolderEndpoints.Failure(updated.Error);
    }

    public static async Task<IResult> SendAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var s = Services.Of(context);
        var ct = context.RequestAborted;
        var (draft, failure) = await LoadDraftAsync(s.Store, mailbox, id, ct);
        if (failure is not null)
            return failure;
        if (!draft!.Recipients.Any(r => r.Type is RecipientType.To or RecipientType.Cc or RecipientType.Bcc && r.Address.Length > 0))
            return NoRecipients();
        if (await s.Directory.GetUserAsync(mailbox, ct) is not { } user)
            return OwaErrors.NoMailbox();
        var mime = await OwaDraftMime.BuildAsync(s.Store, mailbox, draft, user, s.Time.GetUtcNow(), ct);
        var result = await s.Submission.SubmitAsync(new SubmitRequest(user, mime) { SaveInSentItems = true }, ct);
        switch (result.Status)
        {
            case SubmissionStatus.Submitted:
                break;
            case SubmissionStatus.NoRecipients:
                return NoRecipients();
            case SubmissionStatus.MessageTooLarge:
                return OwaErrors.TooLarge();
            case SubmissionStatus.SendQuotaExceeded:
                return OwaErrors.QuotaExceeded();
            default:
                return OwaErrors.Unavailable("The message could not be sent now; try again.");
        }
        // Sent: the draft has done its work (Outlook removes it from Drafts as the message leaves).
        await s.Store.DeleteItemsAsync(mailbox, [draft.Id], CancellationToken.None);
        await MarkOriginalAsync(s, mailbox, draft, CancellationToken.None);
        return OwaJson.Ok(new SendResponse(result.SentItemId is { } sent ? OwaIds.Of(mailbox, sent) : null));
    }

    /// <summary>
    /// MS-OXOMSG 2.2.1.47–2.2.1.49: the original of a sent reply or forward records the last verb executed on it (102 reply,
    /// 103 reply all, 104 forward), when, and the icon that shows it — what ActiveSync reports as LastVerbExecuted.
    /// </summary>
    private static async Task MarkOriginalAsync(Services s, MailboxId mailbox, Item draft, CancellationToken ct)
    {
        if (draft.Properties.GetInt64(ReplySource) is not { } source || draft.Properties.GetInt32(ReplyVerb) is not { } verb ||
            verb is not (VerbReply or VerbReplyAll or VerbForward))
            return;
        var changes = new PropertyChanges()
            .With(PropTags.LastVerbExecuted, PropertyValue.Long(verb))
            .With(PropTags.LastVerbExecutionTime, PropertyValue.SysTime(s.Time.GetUtcNow().UtcDateTime))
            // PidTagIconIndex 0x105 replied, 0x106 forwarded (MS-OXOMSG 2.2.1.10).
            .With(PropTags.IconIndex, PropertyValue.Long(verb == VerbForward ? 0x106 : 0x105));
        // The original may have been deleted meanwhile: nothing to mark then.
        await s.Store.UpdateItemAsync(mailbox, new ItemId(source), changes, null, ct);
    }

    /// <summary>The draft named by <paramref name="id"/>: 404 when it is not an item of the mailbox, 409 when it is not a draft.</summary>
    private static async Task<(Item? Draft, IResult? Error)> LoadDraftAsync(IMailStore store, MailboxId mailbox, string id, CancellationToken ct)
    {
        if (await OwaIds.ItemAsync(store, mailbox, id, ct) is not { } item)
            return (null, OwaErrors.NotFound());
        // MS-OXCMSG 2.2.1.6: mfUnsent marks a message still being composed.
        if (!((MessageFlags)(item.Properties.GetInt32(PropTags.MessageFlags) ?? 0)).HasFlag(MessageFlags.Unsent))
            return (null, OwaErrors.Conflict("Conflict", "This message is not a draft."));
        return (item, null);
    }

    private static IResult NoRecipients() => OwaErrors.BadRequest("NoRecipients", "Add at least one recipient before sending.");

    private static string? CleanFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        // Only the last path segment, without control characters.
        name = name.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length is 0 or > MaxAttachmentNameChars || name is "." or ".." ? null : name;
    }

    /// <summary>The raw request body, refused with 413 as soon as it is known to exceed <paramref name="max"/>.</summary>
    private static async Task<(byte[]? Bytes, IResult? Error)> ReadBodyAsync(HttpContext context, long max)
    {
        var (body, error) = await OwaBody.ReadAsync(context, max);
        if (body is null)
            return (null, error);
        using (body)
            return (body.ToArray(), null);
    }

    private sealed record Services(IMailStore Store, IDirectory Directory, ISubmission Submission, TimeProvider Time, long MaxMessageBytes)
    {
        public static Services Of(HttpContext context)
        {
            var sp = context.RequestServices;
            var configured = sp.GetService<IConfiguration>()?["Bourse:MaxMessageBytes"];
            var max = long.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m > 0 ? m : DefaultMaxMessageBytes;
            return new Services(sp.GetRequiredService<IMailStore>(), sp.GetRequiredService<IDirectory>(), sp.GetRequiredService<ISubmission>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System, max);
        }
    }
}
