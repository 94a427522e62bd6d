using System.Globalization;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Owa.Mail;

/// <summary>Messages (docs/owa-api.md): the folder list, one message, read/flag changes, bulk actions and search.</summary>
internal static class OwaMessageEndpoints
{
    private const int MaxPage = 200;
    private const int MaxActionIds = 1000;

    public static async Task<IResult> ListAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var store = context.RequestServices.GetRequiredService<IMailStore>();
        var ct = context.RequestAborted;
        if (!OwaIds.TryFolder(mailbox, id, out var folderId) || await OwaFolderEndpoints.FindVisibleAsync(store, mailbox, folderId, ct) is null)
            return OwaErrors.NotFound();
        var q = context.Request.Query;
        if (!OwaPaging.TryRead(q, 50, MaxPage, out var offset, out var limit))
            return OwaErrors.BadRequest("InvalidValue", "offset must be 0 or more and limit 1 to 200.");
        ItemSortField? sort = (string?)q["sort"] switch
        {
            null or "" or "received" => ItemSortField.ReceivedTime,
            "from" => ItemSortField.SenderName,
            "subject" => ItemSortField.Subject,
            "size" => ItemSortField.Size,
            "flag" => ItemSortField.FlagStatus,
            _ => null,
        };
        bool? descending = (string?)q["order"] switch
        {
            null or "" or "desc" => true,
            "asc" => false,
            _ => null,
        };
        var (filterOk, filter) = (string?)q["filter"] switch
        {
            null or "" or "all" => (true, null),
            "unread" => (true, new ItemFilter { IsRead = false }),
            "flagged" => (true, new ItemFilter { FlagStatus = FlagStatus.Flagged }),
            _ => (false, (ItemFilter?)null),
        };
        if (sort is null || descending is null || !filterOk)
            return OwaErrors.BadRequest("InvalidValue", "sort, order or filter has a value this call does not know.");
        // Indexed columns only: one index range per page, no item is loaded (docs/design.md, Sort indexes).
        var page = await store.ListItemsAsync(mailbox, folderId,
            new ItemQuery { SortBy = sort.Value, Descending = descending.Value, Offset = offset, Limit = limit, Filter = filter }, ct);
        return OwaJson.Ok(new MessagePageDto(page.Items.Select(s => OwaMessageRenderer.Summary(mailbox, s)).ToList(), page.TotalCount, offset));
    }

    public static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var store = context.RequestServices.GetRequiredService<IMailStore>();
        if (await OwaIds.ItemAsync(store, mailbox, id, context.RequestAborted) is not { } item)
            return OwaErrors.NotFound();
        var images = (string?)context.Request.Query["images"];
        if (images is not (null or "" or "allow" or "block"))
            return OwaErrors.BadRequest("InvalidValue", "images must be allow or block.");
        return OwaJson.Ok(OwaMessageRenderer.Message(mailbox, item, images == "allow"));
    }

    public static async Task<IResult> PatchAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<MessagePatchRequest>(context);
        if (error is not null)
            return error;
        var services = context.RequestServices;
        var store = services.GetRequiredService<IMailStore>();
        var operations = services.GetRequiredService<MailboxOperations>();
        var ct = context.RequestAborted;
        if (await OwaIds.ItemAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        FlagStatus? flag = null;
        if (body!.Flag is not null && (flag = OwaMessageRenderer.ParseFlag(body.Flag)) is null)
            return OwaErrors.BadRequest("InvalidValue", "flag must be none, flagged or complete.");
        if (body.IsRead is { } read && read != item.IsRead)
        {
            var r = await operations.MarkReadAsync(mailbox, [item.Id], read, ct);
            if (!r[0].IsSuccess)
                return OwaFolderEndpoints.Failure(r[0].Error);
        }
        if (flag is { } f && f != item.FlagStatus)
        {
            var r = await operations.SetFlagAsync(mailbox, item.Id, f, ct);
            if (!r.IsSuccess)
                return OwaFolderEndpoints.Failure(r.Error);
        }
        return await store.GetItemAsync(mailbox, item.Id, ct) is { } now ? OwaJson.Ok(OwaMessageRenderer.Summary(mailbox, now)) : OwaErrors.NotFound();
    }

    public static async Task<IResult> ActionsAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<MessageActionRequest>(context);
        if (error is not null)
            return error;
        if (body!.Ids is not { Count: > 0 and <= MaxActionIds } ids)
            return OwaErrors.BadRequest("InvalidValue", "ids must list 1 to 1,000 message ids.");
        var services = context.RequestServices;
        var store = services.GetRequiredService<IMailStore>();
        var operations = services.GetRequiredService<MailboxOperations>();
        var ct = context.RequestAborted;

        FolderId? target = null;
        switch (body.Action)
        {
            case "move" or "copy":
                if (body.FolderId is null)
                    return OwaErrors.BadRequest("InvalidValue", "move and copy need a folderId.");
                if (!OwaIds.TryFolder(mailbox, body.FolderId, out var f) || await OwaFolderEndpoints.FindVisibleAsync(store, mailbox, f, ct) is null)
                    return OwaErrors.NotFound();
                target = f;
                break;
            case "junk" or "notJunk":
                var which = body.Action == "junk" ? WellKnownFolder.JunkEmail : WellKnownFolder.Inbox;
                target = (await store.GetWellKnownFolderAsync(mailbox, which, ct))?.Id;
                if (target is null)
                    return OwaErrors.NotFound();
                break;
            case "delete" or "markRead" or "markUnread" or "flag" or "unflag" or "complete":
                break;
            default:
                return OwaErrors.BadRequest("InvalidValue", "action is not one this call knows.");
        }

        // Each id is checked on its own: a malformed or foreign one fails as NotFound without stopping the rest.
        var results = new MessageActionResult?[ids.Count];
        var valid = new List<(int Index, ItemId Item)>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (OwaIds.TryItem(mailbox, ids[i], out var item))
                valid.Add((i, item));
            else
                results[i] = new MessageActionResult(ids[i] ?? "", false, null, "NotFound");
        }
        if (valid.Count > 0)
        {
            var items = valid.ConvertAll(v => v.Item);
            switch (body.Action)
            {
                case "move" or "junk" or "notJunk":
                    Fill(results, ids, valid, await operations.MoveItemsAsync(mailbox, items, target!.Value, ct), mailbox);
                    break;
                case "copy":
                    Fill(results, ids, valid, await operations.CopyItemsAsync(mailbox, items, target!.Value, ct), mailbox);
                    break;
                case "delete":
                    // Deleted Items first; permanent there or when asked (Outlook's Shift+Delete).
                    var mode = body.Permanent == true ? DeleteMode.HardDelete : DeleteMode.MoveToDeletedItems;
                    Fill(results, ids, valid, await operations.DeleteItemsAsync(mailbox, items, mode, ct));
                    break;
                case "markRead" or "markUnread":
                    Fill(results, ids, valid, await operations.MarkReadAsync(mailbox, items, body.Action == "markRead", ct));
                    break;
                default:
                    var status = body.Action switch { "flag" => FlagStatus.Flagged, "complete" => FlagStatus.Complete, _ => FlagStatus.NotFlagged };
                    var flagged = new List<StoreResult<bool>>(items.Count);
                    foreach (var item in items)
                        flagged.Add(await operations.SetFlagAsync(mailbox, item, status, ct));
                    Fill(results, ids, valid, flagged);
                    break;
            }
        }
        return OwaJson.Ok(new MessageActionResponse(results.Select(r => r!).ToList()));
    }

    public static async Task<IResult> SearchAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var store = context.RequestServices.GetRequiredService<IMailStore>();
        var ct = context.RequestAborted;
        var query = context.Request.Query;
        if (!OwaPaging.TryRead(query, 50, MaxPage, out var offset, out var limit))
            return OwaErrors.BadRequest("InvalidValue", "offset must be 0 or more and limit 1 to 200.");
        var text = ((string?)query["q"] ?? "").Trim();
        var from = ((string?)query["from"] ?? "").Trim();
        if (text.Length > 1024 || from.Length > 320)
            return OwaErrors.BadRequest("InvalidValue", "The search text is too long.");
        if (!TryDate(query["after"], out var after) || !TryDate(query["before"], out var before))
            return OwaErrors.BadRequest("InvalidValue", "after and before must be dates (2026-11-27) or ISO 8601 times.");
        FolderId? folder = null;
        if (!string.IsNullOrEmpty(query["folderId"]))
        {
            if (!OwaIds.TryFolder(mailbox, query["folderId"], out var f) || await OwaFolderEndpoints.FindVisibleAsync(store, mailbox, f, ct) is null)
                return OwaErrors.NotFound();
            folder = f;
        }
        // The sender filter: an address matches the sender's address exactly; anything else is words of the sender's name
        // or address, found through the full-text index (which holds the sender) and then checked against the sender.
        var byAddress = from.Contains('@', StringComparison.Ordinal);
        var nameWords = byAddress || from.Length == 0 ? [] : from.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var ftsText = string.Join(' ', new[] { text, byAddress ? "" : from }.Where(s => s.Length > 0));
        if (ftsText.Length == 0 && byAddress)
            ftsText = from;
        if (ftsText.Length == 0)
            return OwaJson.Ok(new MessagePageDto([], 0, offset));
        var filter = new ItemFilter
        {
            SenderAddress = byAddress ? from : null,
            ReceivedOnOrAfterUtc = after,
            ReceivedBeforeUtc = before,
        };
        if (nameWords.Length == 0)
        {
            var page = await store.SearchAsync(mailbox, new SearchQuery(ftsText) { Folder = folder, Filter = filter, Offset = offset, Limit = limit }, ct);
            return OwaJson.Ok(new MessagePageDto(page.Items.Select(s => OwaMessageRenderer.Summary(mailbox, s)).ToList(), page.TotalCount, offset));
        }
        // Name words: walk the matches (at most the search's total cap) and keep those whose sender has every word.
        var matches = new List<ItemSummary>();
        for (var at = 0; at < SearchQuery.TotalCap; at += MaxPage)
        {
            var chunk = await store.SearchAsync(mailbox, new SearchQuery(ftsText) { Folder = folder, Filter = filter, Offset = at, Limit = MaxPage }, ct);
            matches.AddRange(chunk.Items.Where(s => nameWords.All(w =>
                (s.SenderName ?? "").Contains(w, StringComparison.CurrentCultureIgnoreCase) ||
                (s.SenderAddress ?? "").Contains(w, StringComparison.OrdinalIgnoreCase))));
            if (chunk.Items.Count < MaxPage)
                break;
        }
        return OwaJson.Ok(new MessagePageDto(matches.Skip(offset).Take(limit).Select(s => OwaMessageRenderer.Summary(mailbox, s)).ToList(),
            matches.Count, offset));
    }

    private static void Fill(MessageActionResult?[] results, IReadOnlyList<string> ids, List<(int Index, ItemId Item)> valid,
        IReadOnlyList<StoreResult<ItemId>> outcome, MailboxId mailbox)
    {
        for (var k = 0; k < valid.Count; k++)
        {
            var (i, _) = valid[k];
            var r = outcome[k];
            results[i] = r.IsSuccess
                ? new MessageActionResult(ids[i], true, OwaIds.Of(mailbox, r.Value), null)
                : new MessageActionResult(ids[i], false, null, ErrorCode(r.Error));
        }
    }

    private static void Fill(MessageActionResult?[] results, IReadOnlyList<string> ids, List<(int Index, ItemId Item)> valid,
        IReadOnlyList<StoreResult<bool>> outcome)
    {
        for (var k = 0; k < valid.Count; k++)
        {
            var (i, _) = valid[k];
            var r = outcome[k];
            results[i] = new MessageActionResult(ids[i], r.IsSuccess, null, r.IsSuccess ? null : ErrorCode(r.Error));
        }
    }

    private static string ErrorCode(StoreError error) => error switch
    {
        StoreError.NotFound or StoreError.MailboxNotFound => "NotFound",
        StoreError.QuotaExceeded => "QuotaExceeded",
        StoreError.MessageTooLarge => "TooLarge",
        _ => "Conflict",
    };

    private static bool TryDate(Microsoft.Extensions.Primitives.StringValues value, out DateTime? result)
    {
        result = null;
        var text = (string?)value;
        if (string.IsNullOrEmpty(text))
            return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            result = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            result = t.UtcDateTime;
            return true;
        }
        return false;
    }
}
