using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>The ItemOperations, Search and Find scenarios of Microsoft's MS-ASEMAIL test suite, replayed over HTTPS.</summary>
public sealed class MsAsEmailScenarioTests : IAsyncLifetime
{
    private const string BodyText = "Plain text body of the MS-ASEMAIL message.";

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string Inbox, string ServerId)> DeliverAsync(string subject)
    {
        await _server.DeliverAsync("alice", subject, BodyText);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        foreach (var s in (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).Items)
        {
            if ((await _server.Store.GetItemAsync(alice, s.Id))!.Subject == subject)
                return (inbox.Value.ToString(CultureInfo.InvariantCulture), ServerIds.Format(inbox, s.Id));
        }

        throw new InvalidOperationException(subject);
    }

    private static WbxmlElement Preference(string truncation, string allOrNone) => Wb.E("AirSyncBase:BodyPreference",
        Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:TruncationSize", truncation), Wb.E("AirSyncBase:AllOrNone", allOrNone));

    [Fact]
    [Trait("Scenario", "MSASEMAIL_S01_TC20_ItemOperations_IncludedDataInResponse")]
    public async Task ItemOperationsWithABodyPreferenceReturnsTheData()
    {
        var (inbox, serverId) = await DeliverAsync("emailtc20 subject");
        using var device = await _server.DeviceAsync();
        var fetch = await ScenarioItems.FetchAsync(device, inbox, serverId, Preference("5120", "1"));
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        Assert.Equal("emailtc20 subject", fetch.Find("Email:Subject")!.Text);
        Assert.Contains(BodyText, fetch.Find("AirSyncBase:Body")!.Value("AirSyncBase:Data"), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASEMAIL_S01_TC21_ItemOperations_IncludedAllOrNone_False")]
    public async Task ItemOperationsCutsTheBodyWhenAllOrNoneIsFalse()
    {
        var (inbox, serverId) = await DeliverAsync("emailtc21 subject");
        using var device = await _server.DeviceAsync();
        var body = (await ScenarioItems.FetchAsync(device, inbox, serverId, Preference("10", "0"))).Find("AirSyncBase:Body")!;
        Assert.Equal(BodyText[..10], body.Value("AirSyncBase:Data"));
        Assert.Equal("1", body.Value("AirSyncBase:Truncated"));
    }

    [Fact]
    [Trait("Scenario", "MSASEMAIL_S01_TC22_ItemOperations_IncludedAllOrNone_True")]
    public async Task ItemOperationsSendsTheWholeBodyWhenItFitsAndAllOrNoneIsTrue()
    {
        var (inbox, serverId) = await DeliverAsync("emailtc22 subject");
        using var device = await _server.DeviceAsync();
        var fetch = await ScenarioItems.FetchAsync(device, inbox, serverId, Preference("100", "1"));
        Assert.Equal("emailtc22 subject", fetch.Find("Email:Subject")!.Text);
        var body = fetch.Find("AirSyncBase:Body")!;
        Assert.Contains(BodyText, body.Value("AirSyncBase:Data"), StringComparison.Ordinal);
        Assert.NotEqual("1", body.Value("AirSyncBase:Truncated"));
    }

    [Fact]
    [Trait("Scenario", "MSASEMAIL_S01_TC23_InvalidSearch")]
    public async Task AnEmailElementInASearchQueryIsStatus2()
    {
        var (inbox, _) = await DeliverAsync("emailtc23 subject");
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
            Wb.E("Search:Query", Wb.E("Search:And", Wb.E("AirSync:CollectionId", inbox), Wb.E("Search:FreeText", "emailtc23"),
                Wb.E("Email:To", $"alice@{EasTestServer.Domain}"))),
            Wb.E("Search:Options", Wb.E("Search:RebuildResults"), Wb.E("Search:DeepTraversal")))));
        Assert.Equal("2", r.Root!.Find("Search:Store")!.Value("Search:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASEMAIL_S01_TC24_SearchEmail")]
    public async Task SearchFindsTheMessageBySubject()
    {
        var (inbox, _) = await DeliverAsync("emailtc24 subject");
        using var device = await _server.DeviceAsync();
        var (status, results) = await ScenarioItems.SearchAsync(device, inbox, "emailtc24");
        Assert.Equal("1", status);
        Assert.Equal("emailtc24 subject", Assert.Single(results).Element("Search", "Properties")!.Value("Email:Subject"));
    }

    [Fact]
    [Trait("Scenario", "MSASEMAIL_S01_TC32_FindEmail")]
    public async Task FindFindsTheMessageBySubject()
    {
        var (inbox, _) = await DeliverAsync("emailtc32 subject");
        using var device = await _server.DeviceAsync(version: "16.1");
        var r = await device.SendAsync("Find", Wb.E("Find:Find", Wb.E("Find:SearchId", Guid.NewGuid().ToString()),
            Wb.E("Find:ExecuteSearch", Wb.E("Find:MailBoxSearchCriterion",
                Wb.E("Find:Query", Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", inbox), Wb.E("Find:FreeText", "emailtc32")),
                Wb.E("Find:Options", Wb.E("Find:Range", "0-9"))))));
        Assert.Equal("1", r.TopStatus);
        Assert.Equal("emailtc32 subject", Assert.Single(r.Root!.FindAll("Find:Result")).Find("Email:Subject")!.Text);
    }
}
