using System.Globalization;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Find (MS-ASCMD 2.2.1.2, protocol 16.1): a mailbox search (MailBoxSearchCriterion: free text, one folder with or
/// without its subfolders, a class) answered with each item's list properties, or a directory search
/// (GALSearchCriterion, tag GalSearchCriterion in MS-ASWBXML code page 25). Searches are not kept between requests: each request runs its query again, so the SearchId only
/// names it for the client.
/// </summary>
internal sealed class FindHandler(IMailStore store, IDirectory directory) : IEasCommandHandler
{
    private const string Ns = "Find";

    // MS-ASCMD 2.2.3.143.1: 0 ≤ m ≤ n ≤ 999.
    private const int MaxRangeEnd = 999;

    // Without a Range, the first 100 rows (as Search).
    private const int DefaultRows = 100;

    // MS-ASCMD 2.2.3.137: a preview of up to 255 characters.
    private const int PreviewLength = 255;

    public EasCommand Command => EasCommand.Find;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var request = context.Request!;
        var execute = request.Element(Ns, "ExecuteSearch");
        // MS-ASCMD 2.2.1.2: Find exists from protocol 16.1; SearchId and one criterion are required.
        if (context.Version < EasProtocolVersion.V16_1 || string.IsNullOrEmpty(request.Element(Ns, "SearchId")?.Text) || execute is null)
            return TopStatus(FindStatus.InvalidRequest);

        if (execute.Element(Ns, "MailBoxSearchCriterion") is { } mailbox)
            return Answer(await MailboxAsync(context, mailbox, ct));
        if (execute.Element(Ns, "GalSearchCriterion") is { } gal)
            return Answer(await GalAsync(gal, ct));
        return TopStatus(FindStatus.InvalidRequest);
    }

    // ---- Mailbox ------------------------------------------------------------------------------------------------------

    private async ValueTask<WbxmlElement> MailboxAsync(EasRequestContext context, WbxmlElement criterion, CancellationToken ct)
    {
        var query = criterion.Element(Ns, "Query");
        var options = criterion.Element(Ns, "Options");
        var freeText = query?.Element(Ns, "FreeText")?.Text;
        if (string.IsNullOrWhiteSpace(freeText) || !TryRange(options, out var range))
            return ResponseStatus("Mailbox", FindStatus.InvalidRequest);

        HashSet<EasClass>? classes = null;
        if (query!.Element("AirSync", "Class")?.Text is { } classText)
        {
            if (!EasClasses.TryFromWireName(classText, out var cls))
                return ResponseStatus("Mailbox", FindStatus.InvalidRequest);
            classes = [cls];
        }

        var collectionId = query.Element("AirSync", "CollectionId")?.Text;
        var search = new SearchMailboxQuery
        {
            FreeText = freeText,
            CollectionIds = collectionId is null ? [] : [collectionId],
            // MS-ASCMD 2.2.3.41.1: without a CollectionId every folder is searched, subfolders included.
            DeepTraversal = options?.Element(Ns, "DeepTraversal") is not null,
            Classes = classes,
        };
        var page = await search.RunAsync(store, context.Mailbox, range, ct);
        if (page is null)
        {
            // MS-ASCMD 2.2.3.177.2: 3, the folder hierarchy the client knows is out of date (an unknown CollectionId).
            return ResponseStatus("Mailbox", FindStatus.FolderSyncRequired);
        }

        var response = ResponseStatus("Mailbox", 1);
        var returned = 0;
        foreach (var summary in page.Items)
        {
            var item = await store.GetItemAsync(context.Mailbox, summary.Id, ct);
            if (item is null)
                continue;
            response.Add(new WbxmlElement(Ns, "Result",
                new WbxmlElement("AirSync", "Class", EasClasses.ToWireName(EasClasses.FromMessageClass(item.MessageClass))),
                new WbxmlElement("AirSync", "ServerId", ServerIds.Format(item.FolderId, item.Id)),
                new WbxmlElement("AirSync", "CollectionId", FolderView.ServerId(item.FolderId)),
                Properties(item, summary)));
            returned++;
        }

        return Finish(response, range, returned, page.Total);
    }

    /// MS-ASCMD 2.2.3.139.1: what a result list shows of a mail item, in the schema's order.
    private static WbxmlElement Properties(Item item, ItemSummary summary)
    {
        var bag = item.Properties;
        var properties = new WbxmlElement(Ns, "Properties");
        void Text(string ns, string name, string? value)
        {
            if (value is not null)
                properties.Add(new WbxmlElement(ns, name, value.Replace("\0", "", StringComparison.Ordinal)));
        }

        Text("Email", "Subject", bag.GetString(PropTags.Subject) ?? "");
        if ((bag.GetDateTime(PropTags.MessageDeliveryTime) ?? bag.GetDateTime(PropTags.ClientSubmitTime)) is { } received)
            Text("Email", "DateReceived", EasDateTime.FormatLong(received));
        Text("Email", "DisplayTo", bag.GetString(PropTags.DisplayTo));
        Text(Ns, "DisplayCc", bag.GetString(PropTags.DisplayCc));
        Text(Ns, "DisplayBcc", bag.GetString(PropTags.DisplayBcc));
        // MS-ASEMAIL Importance: 0 low, 1 normal, 2 high, PidTagImportance's values.
        Text("Email", "Importance", Math.Clamp(bag.GetInt32(PropTags.Importance) ?? 1, 0, 2).ToString(CultureInfo.InvariantCulture));
        Text("Email", "Read", item.IsRead ? "1" : "0");
        // MS-ASEMAIL IsDraft: a message not yet sent (PidTagMessageFlags mfUnsent, MS-OXCMSG 2.2.1.6).
        Text("Email2", "IsDraft", ((MessageFlags)(bag.GetInt32(PropTags.MessageFlags) ?? 0)).HasFlag(MessageFlags.Unsent) ? "1" : "0");
        Text(Ns, "Preview", Preview(bag.GetString(PropTags.Body)));
        Text(Ns, "HasAttachments", summary.HasAttachments ? "1" : "0");
        var fromAddress = bag.GetString(PropTags.SentRepresentingSmtpAddress) ?? bag.GetString(PropTags.SenderSmtpAddress)
            ?? bag.GetString(PropTags.SenderEmailAddress) ?? summary.SenderAddress;
        if (fromAddress is not null)
            Text("Email", "From", EasAddresses.Format(bag.GetString(PropTags.SentRepresentingName) ?? bag.GetString(PropTags.SenderName), fromAddress));
        return properties;
    }

    /// The first 255 characters of the plain body, white space runs folded to one space.
    private static string? Preview(string? body)
    {
        if (string.IsNullOrEmpty(body))
            return null;
        var sb = new StringBuilder(PreviewLength);
        var space = false;
        foreach (var c in body)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                if (sb.Length + 1 >= PreviewLength)
                    break;
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
            if (sb.Length >= PreviewLength)
                break;
        }

        if (sb.Length > 0 && char.IsHighSurrogate(sb[^1]))
            sb.Length--;
        return sb.ToString();
    }

    // ---- GAL ----------------------------------------------------------------------------------------------------------

    private async ValueTask<WbxmlElement> GalAsync(WbxmlElement criterion, CancellationToken ct)
    {
        var text = criterion.Element(Ns, "Query")?.Element(Ns, "FreeText")?.Text;
        var options = criterion.Element(Ns, "Options");
        if (string.IsNullOrWhiteSpace(text) || !TryRange(options, out var range))
            return ResponseStatus("GAL", FindStatus.InvalidRequest);

        var matches = await SearchGalQuery.MatchAsync(directory, text, ct);
        var response = ResponseStatus("GAL", 1);
        var page = matches.Skip(range.Start).Take(range.Count).ToList();
        foreach (var entry in page)
            response.Add(new WbxmlElement(Ns, "Result", SearchHandler.GalProperties(entry, Ns)));
        return Finish(response, range, page.Count, matches.Count);
    }

    /// The Range of the options: up to 1,000 rows when the client sends one (n ≤ 999), the first 100 when it does not.
    private static bool TryRange(WbxmlElement? options, out SearchRange range) =>
        options?.Element(Ns, "Range")?.Text is { } text
            ? SearchRange.TryParse(text, MaxRangeEnd + 1, MaxRangeEnd, out range)
            : SearchRange.TryParse(null, DefaultRows, MaxRangeEnd, out range);

    /// The Find document around a Response. MS-ASCMD 2.2.3.177.2 gives 3 (the folder hierarchy is out of date) as a status of
    /// the Find element, so it goes there too; the Response keeps it as well.
    private static EasResult.Document Answer(WbxmlElement response)
    {
        var top = response.Element(Ns, "Status")?.Text == FindStatus.FolderSyncRequired.ToString(CultureInfo.InvariantCulture)
            ? FindStatus.FolderSyncRequired.ToString(CultureInfo.InvariantCulture)
            : "1";
        return new(new WbxmlElement(Ns, "Find", new WbxmlElement(Ns, "Status", top), response));
    }

    /// Range and Total after the results (MS-ASCMD 2.2.3.143.1, 2.2.3.184.1).
    private static WbxmlElement Finish(WbxmlElement response, SearchRange range, int returned, int total)
    {
        if (range.Describe(returned) is { } described)
            response.Add(new WbxmlElement(Ns, "Range", described));
        response.Add(new WbxmlElement(Ns, "Total", total.ToString(CultureInfo.InvariantCulture)));
        return response;
    }

    /// A Response naming its store (itemoperations:Store, MS-ASCMD 2.2.3.178.1) with its Status.
    private static WbxmlElement ResponseStatus(string store, int status) => new(Ns, "Response",
        new WbxmlElement("ItemOperations", "Store", store),
        new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)));

    private static EasResult TopStatus(int status) => new EasResult.Document(
        new WbxmlElement(Ns, "Find", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture))));

    /// MS-ASCMD 2.2.3.177.2: Find Status values.
    internal static class FindStatus
    {
        internal const int InvalidRequest = 2;
        internal const int FolderSyncRequired = 3;
    }
}
