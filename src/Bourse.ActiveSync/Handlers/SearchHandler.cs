using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Ids;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// Search (MS-ASCMD 2.2.1.16) of the mailbox (free text, folders, classes, received dates) or of the global address list.
/// A mailbox result's LongId is the item's ServerId ("{folder}:{item}", Mapping.ServerIds), which ItemOperations Fetch
/// takes back as a LongId; its Properties are the item rendered as Sync renders it. Document libraries are not served.
/// </summary>
internal sealed class SearchHandler(IMailStore store, IDirectory directory) : IEasCommandHandler
{
    private const string Ns = "Search";

    // MS-ASCMD 2.2.3.143.3: a Mailbox or GAL search returns at most 100 rows; without a Range, 0-99.
    private const int MaxRows = 100;

    // The store caps a search's total at this many; a Range beyond it can never return rows.
    private const int MaxRangeEnd = 9999;

    public EasCommand Command => EasCommand.Search;

    public async ValueTask<EasResult> HandleAsync(EasRequestContext context, CancellationToken ct)
    {
        var storeElement = context.Request!.Element(Ns, "Store");
        var answer = storeElement?.Element(Ns, "Name")?.Text switch
        {
            "Mailbox" => await MailboxAsync(context, storeElement, ct),
            "GAL" => await GalAsync(storeElement, context.Version, ct),
            // MS-ASCMD Name (Search): Mailbox, GAL or DocumentLibrary; a document library search needs UNC access we do not give.
            "DocumentLibrary" => StoreStatus(SearchStoreStatus.AccessDenied),
            _ => StoreStatus(SearchStoreStatus.InvalidRequest),
        };
        return new EasResult.Document(new WbxmlElement(Ns, "Search",
            new WbxmlElement(Ns, "Status", "1"),
            new WbxmlElement(Ns, "Response", answer)));
    }

    // ---- Mailbox ------------------------------------------------------------------------------------------------------

    private async ValueTask<WbxmlElement> MailboxAsync(EasRequestContext context, WbxmlElement storeElement, CancellationToken ct)
    {
        var (query, status) = ParseMailboxQuery(storeElement.Element(Ns, "Query"), storeElement.Element(Ns, "Options"));
        if (query is null)
            return StoreStatus(status);
        var options = storeElement.Element(Ns, "Options");
        if (!SearchRange.TryParse(options?.Element(Ns, "Range")?.Text, MaxRows, MaxRangeEnd, out var range))
            return StoreStatus(SearchStoreStatus.InvalidRequest);

        var page = await query.RunAsync(store, context.Mailbox, range, ct);
        if (page is null)
            return StoreStatus(SearchStoreStatus.InvalidRequest);

        var render = ItemRenderOptions.FromOptions(options, context.Version);
        var response = new WbxmlElement(Ns, "Store", new WbxmlElement(Ns, "Status", "1"));
        var returned = 0;
        foreach (var summary in page.Items)
        {
            var item = await store.GetItemAsync(context.Mailbox, summary.Id, ct);
            if (item is null)
                continue;
            var cls = EasClasses.FromMessageClass(item.MessageClass);
            var itemId = item.Id;
            var data = await ItemRenderer.RenderAsync(item, cls, render, c => store.OpenMimeAsync(context.Mailbox, itemId, c), ct);
            var properties = new WbxmlElement(Ns, "Properties");
            foreach (var child in data.Children)
                properties.Add(child);
            response.Add(new WbxmlElement(Ns, "Result",
                new WbxmlElement("AirSync", "Class", EasClasses.ToWireName(cls)),
                new WbxmlElement(Ns, "LongId", ServerIds.Format(item.FolderId, item.Id)),
                new WbxmlElement("AirSync", "CollectionId", FolderView.ServerId(item.FolderId)),
                properties));
            returned++;
        }

        return Finish(response, range, returned, page.Total);
    }

    /// <summary>
    /// The mailbox query: an And (or the bare conditions) of FreeText, airsync:Class, airsync:CollectionId and
    /// GreaterThan/LessThan on email:DateReceived. Or, EqualTo, nesting, ConversationId and comparisons of other properties
    /// are more than we search (8, too complex); a missing FreeText, a malformed value or an element that is not part of the
    /// query schema is an invalid request (2). MS-ASCMD 2.2.3.177.13.
    /// </summary>
    internal static (SearchMailboxQuery? Query, int Status) ParseMailboxQuery(WbxmlElement? queryElement, WbxmlElement? options)
    {
        if (queryElement is null)
            return (null, SearchStoreStatus.InvalidRequest);
        var conditions = queryElement.Children;
        if (conditions.Count == 1 && conditions[0] is { Namespace: Ns, Name: "And" } andElement)
            conditions = andElement.Children;

        string? freeText = null;
        var collections = new List<string>();
        HashSet<EasClass>? classes = null;
        DateTime? after = null;
        DateTime? before = null;
        foreach (var c in conditions)
        {
            switch (c.Namespace, c.Name)
            {
                case (Ns, "FreeText"):
                    if (freeText is not null || string.IsNullOrWhiteSpace(c.Text))
                        return (null, SearchStoreStatus.InvalidRequest);
                    freeText = c.Text;
                    break;
                case ("AirSync", "Class"):
                    // MS-ASCMD Class (Search): Email, Calendar, Contacts, Tasks, Notes, SMS; no SMS is kept here, so it matches nothing.
                    classes ??= [];
                    if (EasClasses.TryFromWireName(c.Text, out var cls))
                        classes.Add(cls);
                    else if (c.Text != "SMS")
                        return (null, SearchStoreStatus.InvalidRequest);
                    break;
                case ("AirSync", "CollectionId"):
                    if (string.IsNullOrEmpty(c.Text))
                        return (null, SearchStoreStatus.InvalidRequest);
                    collections.Add(c.Text);
                    break;
                case (Ns, "GreaterThan" or "LessThan"):
                    // MS-ASCMD GreaterThan/LessThan (Search): email:DateReceived and a Value, the only comparison the protocol defines.
                    if (c.Element("Email", "DateReceived") is null || c.Children.Count != 2)
                        return (null, SearchStoreStatus.TooComplex);
                    if (!EasDateTime.TryParse(c.Element(Ns, "Value")?.Text, out var when))
                        return (null, SearchStoreStatus.InvalidRequest);
                    if (c.Name == "GreaterThan")
                        after = when.AddTicks(1);
                    else
                        before = when;
                    break;
                case (Ns, "And" or "Or" or "EqualTo" or "ConversationId"):
                    // Elements of the query schema beyond what we search (nesting, Or, EqualTo, conversations).
                    return (null, SearchStoreStatus.TooComplex);
                default:
                    // MS-ASCMD 2.2.3.177.13: 2, an element that has no place in a query at all (email:To, for instance).
                    return (null, SearchStoreStatus.InvalidRequest);
            }
        }

        if (freeText is null)
            return (null, SearchStoreStatus.InvalidRequest);
        return (new SearchMailboxQuery
        {
            FreeText = freeText,
            CollectionIds = collections,
            DeepTraversal = options?.Element(Ns, "DeepTraversal") is not null,
            Classes = classes,
            ReceivedAfterUtc = after,
            ReceivedBeforeUtc = before,
        }, 1);
    }

    // ---- GAL ----------------------------------------------------------------------------------------------------------

    private async ValueTask<WbxmlElement> GalAsync(WbxmlElement storeElement, EasProtocolVersion version, CancellationToken ct)
    {
        // MS-ASCMD Query (Search): for the GAL the Query is the text itself.
        var text = storeElement.Element(Ns, "Query")?.Text;
        var options = storeElement.Element(Ns, "Options");
        if (string.IsNullOrWhiteSpace(text) || !SearchRange.TryParse(options?.Element(Ns, "Range")?.Text, MaxRows, MaxRangeEnd, out var range))
            return StoreStatus(SearchStoreStatus.InvalidRequest);

        var matches = await SearchGalQuery.MatchAsync(directory, text, ct);
        var wantsPicture = options?.Element(Ns, "Picture") is not null && version >= EasProtocolVersion.V14_1;
        var response = new WbxmlElement(Ns, "Store", new WbxmlElement(Ns, "Status", "1"));
        var page = matches.Skip(range.Start).Take(range.Count).ToList();
        foreach (var entry in page)
        {
            var properties = GalProperties(entry);
            if (wantsPicture)
            {
                // MS-ASCMD 2.2.3.177.13: 173, the contact has no photo (none are kept in the directory).
                properties.Add(new WbxmlElement("GAL", "Picture", new WbxmlElement("GAL", "Status", "173")));
            }

            response.Add(new WbxmlElement(Ns, "Result", properties));
        }

        return Finish(response, range, page.Count, matches.Count);
    }

    /// MS-ASCMD 2.2.3.139.3: a GAL result's Properties (the directory keeps no phones, office, title or company).
    internal static WbxmlElement GalProperties(SearchGalQuery.Entry entry, string ns = Ns) => new(ns, "Properties",
        new WbxmlElement("GAL", "DisplayName", entry.DisplayName),
        new WbxmlElement("GAL", "Alias", entry.Alias),
        new WbxmlElement("GAL", "EmailAddress", entry.EmailAddress));

    /// Range and Total after the results; no match is an empty Result (MS-ASCMD 2.2.3.155.3) and a Total of 0.
    private static WbxmlElement Finish(WbxmlElement response, SearchRange range, int returned, int total)
    {
        if (returned == 0)
            response.Add(new WbxmlElement(Ns, "Result"));
        if (range.Describe(returned) is { } described)
            response.Add(new WbxmlElement(Ns, "Range", described));
        response.Add(new WbxmlElement(Ns, "Total", total.ToString(CultureInfo.InvariantCulture)));
        return response;
    }

    private static WbxmlElement StoreStatus(int status) =>
        new(Ns, "Store", new WbxmlElement(Ns, "Status", status.ToString(CultureInfo.InvariantCulture)));

    /// MS-ASCMD 2.2.3.177.13: Status of a Search Store.
    internal static class SearchStoreStatus
    {
        internal const int InvalidRequest = 2;
        internal const int ServerError = 3;
        internal const int AccessDenied = 5;
        internal const int TooComplex = 8;
    }
}
