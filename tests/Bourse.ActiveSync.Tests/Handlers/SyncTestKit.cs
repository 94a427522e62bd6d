using System.Net;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Tests.Handlers;

/// One Collection of a Sync response, taken apart.
internal sealed record SyncCollection(WbxmlElement Element)
{
    public string? SyncKey => Element.Value("AirSync:SyncKey");

    public string? Status => Element.Value("AirSync:Status");

    public bool MoreAvailable => Element.Element("AirSync", "MoreAvailable") is not null;

    public IEnumerable<WbxmlElement> Commands(string kind) =>
        Element.Element("AirSync", "Commands")?.Children.Where(c => c.Name == kind) ?? [];

    public List<string> AddIds => Commands("Add").Select(a => a.Value("AirSync:ServerId")!).ToList();

    public List<string> ChangeIds => Commands("Change").Select(a => a.Value("AirSync:ServerId")!).ToList();

    public List<string> DeleteIds => Commands("Delete").Select(a => a.Value("AirSync:ServerId")!).ToList();

    public List<string> SoftDeleteIds => Commands("SoftDelete").Select(a => a.Value("AirSync:ServerId")!).ToList();

    public IEnumerable<WbxmlElement> Responses(string kind) =>
        Element.Element("AirSync", "Responses")?.Children.Where(c => c.Name == kind) ?? [];
}

/// Builds Sync requests, reads Sync responses and seeds mailboxes for the Sync and GetItemEstimate tests.
internal static class SyncTestKit
{
    /// Options asking for plain text bodies truncated to <paramref name="truncation"/> bytes (BodyPreference Type 1).
    public static WbxmlElement PlainText(int truncation = 5120, int? filterType = null, int? conflict = null) =>
        Wb.E("AirSync:Options",
            filterType is null ? null : Wb.E("AirSync:FilterType", filterType.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            conflict is null ? null : Wb.E("AirSync:Conflict", conflict.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:TruncationSize", truncation.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// One Collection of a request, elements in MS-ASCMD 2.2.3.29.2 order.
    public static WbxmlElement Collection(string collectionId, string syncKey, int? windowSize = null, WbxmlElement? options = null,
        IEnumerable<WbxmlElement>? commands = null, bool? getChanges = null, bool? deletesAsMoves = null)
    {
        var list = commands?.ToList();
        return Wb.E("AirSync:Collection",
            Wb.E("AirSync:SyncKey", syncKey),
            Wb.E("AirSync:CollectionId", collectionId),
            deletesAsMoves is null ? null : Wb.E("AirSync:DeletesAsMoves", deletesAsMoves.Value ? "1" : "0"),
            getChanges is null ? null : Wb.E("AirSync:GetChanges", getChanges.Value ? "1" : "0"),
            windowSize is null ? null : Wb.E("AirSync:WindowSize", windowSize.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            options,
            list is { Count: > 0 } ? Wb.E("AirSync:Commands", list) : null);
    }

    public static WbxmlElement Request(params WbxmlElement[] collections) => Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", collections));

    public static Task<EasResponse> SyncAsync(this EasDevice device, string collectionId, string syncKey, int? windowSize = null,
        WbxmlElement? options = null, IEnumerable<WbxmlElement>? commands = null, bool? getChanges = null, bool? deletesAsMoves = null) =>
        device.SendAsync("Sync", Request(Collection(collectionId, syncKey, windowSize, options, commands, getChanges, deletesAsMoves)));

    /// The collection of the response (fails the test when the response has none).
    public static SyncCollection Collection(this EasResponse response, string collectionId)
    {
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.True(response.Root is not null, $"expected a Sync response body, got {response}");
        var element = response.Root!.FindAll("AirSync:Collection").FirstOrDefault(c => c.Value("AirSync:CollectionId") == collectionId);
        Assert.True(element is not null, $"no collection {collectionId} in {response}");
        return new SyncCollection(element!);
    }

    /// MS-ASCMD 2.2.1.21.2: HTTP 200 with no body.
    public static void AssertEmpty(EasResponse response) =>
        Assert.True(response.Status == HttpStatusCode.OK && response.Body.Length == 0, $"expected an empty Sync response, got {response}");

    /// Initial sync (key 0 → 1) and then rounds until nothing more is available; returns the last key and every Add.
    public static async Task<(string Key, List<WbxmlElement> Adds)> FullSyncAsync(this EasDevice device, string collectionId, int windowSize = 100,
        WbxmlElement? options = null)
    {
        var first = (await device.SyncAsync(collectionId, "0", options: options)).Collection(collectionId);
        Assert.Equal("1", first.Status);
        var key = first.SyncKey!;
        var adds = new List<WbxmlElement>();
        for (var round = 0; round < 1000; round++)
        {
            var r = await device.SyncAsync(collectionId, key, windowSize, options);
            if (r.Body.Length == 0)
                return (key, adds);
            var c = r.Collection(collectionId);
            Assert.Equal("1", c.Status);
            key = c.SyncKey!;
            adds.AddRange(c.Commands("Add"));
            if (!c.MoreAvailable)
                return (key, adds);
        }

        throw new InvalidOperationException("the sync did not end");
    }

    public static WbxmlElement ChangeRead(string serverId, bool read) =>
        Wb.E("AirSync:Change", Wb.E("AirSync:ServerId", serverId), Wb.E("AirSync:ApplicationData", Wb.E("Email:Read", read ? "1" : "0")));

    public static WbxmlElement ChangeFlag(string serverId, int status) =>
        Wb.E("AirSync:Change", Wb.E("AirSync:ServerId", serverId), Wb.E("AirSync:ApplicationData",
            Wb.E("Email:Flag", Wb.E("Email:FlagStatus", status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                status == 2 ? Wb.E("Email:FlagType", "Follow up") : null)));

    public static WbxmlElement Delete(string serverId) => Wb.E("AirSync:Delete", Wb.E("AirSync:ServerId", serverId));

    public static WbxmlElement Fetch(string serverId) => Wb.E("AirSync:Fetch", Wb.E("AirSync:ServerId", serverId));

    /// Creates mail items straight in the store (one transaction), as import would: subject, sender, body, delivery time.
    public static async Task<IReadOnlyList<ItemId>> SeedMailAsync(this EasTestServer server, string user, int count, Func<int, string>? subject = null,
        DateTime? received = null, string? body = null, WellKnownFolder folder = WellKnownFolder.Inbox)
    {
        var mailbox = (await server.UserAsync(user)).MailboxId;
        var target = (await server.Store.GetWellKnownFolderAsync(mailbox, folder))!;
        var items = new List<NewItem>(count);
        for (var i = 0; i < count; i++)
            items.Add(NewMail(subject?.Invoke(i) ?? $"Message {i}", received ?? DateTime.UtcNow.AddMinutes(-count + i), body ?? $"Body of message {i}."));
        var ids = new List<ItemId>(count);
        foreach (var chunk in items.Chunk(1000))
        {
            var results = await server.Store.CreateItemsAsync(mailbox, target.Id, chunk);
            Assert.All(results, r => Assert.True(r.IsSuccess, r.ToString()));
            ids.AddRange(results.Select(r => r.Value));
        }

        return ids;
    }

    public static NewItem NewMail(string subject, DateTime receivedUtc, string body)
    {
        var bag = new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Note")
            .Set(PropTags.Subject, subject)
            .Set(PropTags.MessageDeliveryTime, receivedUtc)
            .Set(PropTags.MessageFlags, 0)
            .Set(PropTags.SenderName, "Carol")
            .Set(PropTags.SenderEmailAddress, "carol@example.com")
            .Set(PropTags.Body, body);
        return new NewItem(bag) { SearchText = body };
    }

    public static async Task<FolderId> FolderAsync(this EasTestServer server, string user, WellKnownFolder folder) =>
        (await server.Store.GetWellKnownFolderAsync((await server.UserAsync(user)).MailboxId, folder))!.Id;

    public static string ServerId(FolderId folder, ItemId item) => $"{folder.Value}:{item.Value}";
}
