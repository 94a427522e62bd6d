using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// Puts an item into a mailbox the way a device's Sync Add would (its ApplicationData read by the server's item parser),
/// and reads items back through ItemOperations and Search, for the scenarios that fetch or search a contact, task, note or
/// appointment the suite first added.
/// </summary>
internal static class ScenarioItems
{
    /// Adds the item to the user's well-known folder; returns the folder's CollectionId and the item's ServerId.
    public static async Task<(string CollectionId, string ServerId)> AddAsync(EasTestServer server, WellKnownFolder folder, EasClass cls,
        WbxmlElement applicationData, string user = "alice")
    {
        var parsed = ItemParser.ParseAdd(applicationData, cls, EasProtocolVersion.V14_1);
        Assert.True(parsed.IsSuccess, $"{parsed.Error} at {parsed.Element}");
        var mailbox = (await server.UserAsync(user)).MailboxId;
        var target = (await server.Store.GetWellKnownFolderAsync(mailbox, folder))!;
        var created = await server.Store.CreateItemAsync(mailbox, target.Id, parsed.Value!);
        Assert.True(created.IsSuccess, created.ToString());
        return (target.Id.Value.ToString(CultureInfo.InvariantCulture), ServerIds.Format(target.Id, created.Value.Id));
    }

    /// ItemOperations Fetch of one item with these options (BodyPreference …); returns the Fetch element.
    public static async Task<WbxmlElement> FetchAsync(EasDevice device, string collectionId, string serverId, params WbxmlElement[] options)
    {
        var r = await device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", collectionId), Wb.E("AirSync:ServerId", serverId),
            options.Length == 0 ? null : Wb.E("ItemOperations:Options", options.ToList()))));
        Assert.Equal("1", r.TopStatus);
        return r.Root!.Find("ItemOperations:Fetch")!;
    }

    /// A mailbox Search of one folder for a word, optionally of one class; returns the store's Status and the non-empty Results.
    public static async Task<(string? Status, List<WbxmlElement> Results)> SearchAsync(EasDevice device, string collectionId, string freeText,
        string? cls = null, params WbxmlElement[] options)
    {
        var r = await device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
            Wb.E("Search:Query", Wb.E("Search:And", cls is null ? null : Wb.E("AirSync:Class", cls), Wb.E("AirSync:CollectionId", collectionId),
                Wb.E("Search:FreeText", freeText))),
            Wb.E("Search:Options", Wb.E("Search:DeepTraversal"), Wb.E("Search:RebuildResults"), Wb.E("Search:Range", "0-9"), options.ToList()))));
        Assert.Equal("1", r.TopStatus);
        var store = r.Root!.Find("Search:Store")!;
        return (store.Value("Search:Status"), store.Children.Where(c => c.Name == "Result" && c.Children.Count > 0).ToList());
    }

    /// Every element sent in the ApplicationData is in the answer's properties with the same value (a body by its Data).
    public static void AssertHasEverything(WbxmlElement sent, WbxmlElement properties) =>
        Mapping.MappingTestKit.AssertRoundTrip(sent, properties);
}
