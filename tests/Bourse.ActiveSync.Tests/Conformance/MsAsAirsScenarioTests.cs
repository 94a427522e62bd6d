using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The scenarios of Microsoft's MS-ASAIRS test suite about bodies and attachments, replayed over HTTPS. As in the suite, a
/// message is delivered and then read three ways with the same body preferences — Sync, ItemOperations Fetch and Search —
/// and each answer is checked. (The suite finds the message for Search by ConversationId, which Bourse's Search does not
/// take; these tests search by a word of the subject.)
/// </summary>
public sealed class MsAsAirsScenarioTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;
    private const string BodyText = "Body of the message read by the AirSyncBase scenarios.";

    private EasTestServer _server = null!;
    private EasDevice _device = null!;
    private string _inbox = null!;

    public async Task InitializeAsync()
    {
        _server = await EasTestServer.StartAsync();
        _device = await _server.DeviceAsync();
        _inbox = await _device.FolderIdAsync(2);
    }

    public async Task DisposeAsync()
    {
        _device.Dispose();
        await _server.DisposeAsync();
    }

    private static WbxmlElement Preference(string type, int? truncation = null, bool? allOrNone = null, int? preview = null) =>
        Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", type),
            truncation is null ? null : Wb.E("AirSyncBase:TruncationSize", truncation.Value.ToString(CultureInfo.InvariantCulture)),
            allOrNone is null ? null : Wb.E("AirSyncBase:AllOrNone", allOrNone.Value ? "1" : "0"),
            preview is null ? null : Wb.E("AirSyncBase:Preview", preview.Value.ToString(CultureInfo.InvariantCulture)));

    private async Task<string> DeliverAsync(string subject, string body = BodyText, string contentType = "text/plain")
    {
        var mime = $"From: Bob <bob@{Domain}>\r\nTo: alice@{Domain}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@{Domain}>\r\nMIME-Version: 1.0\r\n" +
                   $"Content-Type: {contentType}; charset=utf-8\r\n\r\n{body}";
        Assert.True((await _server.Delivery.DeliverAsync($"alice@{Domain}", System.Text.Encoding.UTF8.GetBytes(mime))).IsDelivered);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        foreach (var s in (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery { Limit = 500 })).Items)
        {
            if ((await _server.Store.GetItemAsync(alice, s.Id))!.Subject == subject)
                return ServerIds.Format(inbox, s.Id);
        }

        throw new InvalidOperationException(subject);
    }

    /// The message's ApplicationData from an initial Sync of the Inbox with these body preferences.
    private async Task<WbxmlElement> SyncAsync(string serverId, params WbxmlElement[] preferences)
    {
        var first = await _device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
            Wb.E("AirSync:SyncKey", "0"), Wb.E("AirSync:CollectionId", _inbox)))));
        var key = first.Root!.Find("AirSync:SyncKey")!.Text!;
        var r = await _device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
            Wb.E("AirSync:SyncKey", key), Wb.E("AirSync:CollectionId", _inbox), Wb.E("AirSync:GetChanges", "1"), Wb.E("AirSync:WindowSize", "100"),
            Wb.E("AirSync:Options", preferences.ToList())))));
        var add = r.Root!.FindAll("AirSync:Add").SingleOrDefault(a => a.Value("AirSync:ServerId") == serverId);
        Assert.True(add is not null, r.ToString());
        return add.Element("AirSync", "ApplicationData")!;
    }

    /// The message's Properties from an ItemOperations Fetch with these body preferences.
    private async Task<WbxmlElement> FetchAsync(string serverId, params WbxmlElement[] preferences)
    {
        var r = await _device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", _inbox), Wb.E("AirSync:ServerId", serverId),
            preferences.Length == 0 ? null : Wb.E("ItemOperations:Options", preferences.ToList()))));
        var fetch = r.Root!.Find("ItemOperations:Fetch")!;
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        return fetch.Element("ItemOperations", "Properties")!;
    }

    /// The message's Properties from a Search of the Inbox for a word of its subject, with these body preferences.
    private async Task<WbxmlElement> SearchAsync(string word, params WbxmlElement[] preferences)
    {
        var r = await _device.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
            Wb.E("Search:Query", Wb.E("Search:And", Wb.E("AirSync:Class", "Email"), Wb.E("AirSync:CollectionId", _inbox), Wb.E("Search:FreeText", word))),
            Wb.E("Search:Options", Wb.E("Search:RebuildResults"), Wb.E("Search:Range", "0-9"), preferences.ToList()))));
        var result = Assert.Single(r.Root!.FindAll("Search:Result"), x => x.Children.Count > 0);
        return result.Element("Search", "Properties")!;
    }

    /// The same body preferences read three ways: Sync, ItemOperations and Search.
    private async Task<WbxmlElement[]> ThreeWaysAsync(string subjectWord, string serverId, params WbxmlElement[] preferences) =>
    [
        await SyncAsync(serverId, preferences),
        await FetchAsync(serverId, preferences),
        await SearchAsync(subjectWord, preferences),
    ];

    private static WbxmlElement Body(WbxmlElement view) => view.Element("AirSyncBase", "Body") ?? throw new InvalidOperationException("no Body in " + view);

    private static bool IsTruncated(WbxmlElement body) => body.Value("AirSyncBase:Truncated") == "1";

    /// The whole plain-text body as the server sends it without truncation.
    private async Task<string> WholeTextAsync(string serverId) => Body(await FetchAsync(serverId, Preference("1"))).Value("AirSyncBase:Data")!;

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC01_BodyPreference_AllOrNoneTrue_AllContentReturned")]
    public async Task AllOrNoneWithRoomForEverythingSendsEverything()
    {
        var serverId = await DeliverAsync("airs01 message");
        var whole = await WholeTextAsync(serverId);
        foreach (var view in await ThreeWaysAsync("airs01", serverId, Preference("1", 100, allOrNone: true)))
        {
            var body = Body(view);
            Assert.Equal(whole, body.Value("AirSyncBase:Data"));
            Assert.False(IsTruncated(body));
            Assert.Equal("1", body.Value("AirSyncBase:Type"));
        }

        Assert.Equal("1", (await SyncAsync(serverId, Preference("1", 100, allOrNone: true))).Value("AirSyncBase:NativeBodyType"));
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC02_BodyPreference_AllOrNoneTrue_AllContentNotReturned")]
    public async Task AllOrNoneWithoutRoomSendsNoDataAndSaysTruncated()
    {
        var serverId = await DeliverAsync("airs02 message");
        foreach (var view in await ThreeWaysAsync("airs02", serverId, Preference("1", 2, allOrNone: true)))
        {
            var body = Body(view);
            Assert.Null(body.Element("AirSyncBase", "Data"));
            Assert.True(IsTruncated(body));
            Assert.NotNull(body.Value("AirSyncBase:EstimatedDataSize"));
        }
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC03_BodyPreference_AllOrNoneFalse_TruncatedContentReturned")]
    [Trait("Scenario", "MSASAIRS_S02_TC05_BodyPreference_NoAllOrNone_TruncatedContentReturned")]
    public async Task WithoutAllOrNoneTheBodyIsCutAtTheTruncationSize()
    {
        var serverId = await DeliverAsync("airs03 message");
        foreach (var preference in new[] { Preference("1", 8, allOrNone: false), Preference("1", 8) })
        {
            foreach (var view in await ThreeWaysAsync("airs03", serverId, preference))
            {
                var body = Body(view);
                Assert.Equal(BodyText[..8], body.Value("AirSyncBase:Data"));
                Assert.True(IsTruncated(body));
                Assert.NotNull(body.Value("AirSyncBase:EstimatedDataSize"));
            }
        }
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC04_BodyPreference_AllOrNoneFalse_NonTruncatedContentReturned")]
    [Trait("Scenario", "MSASAIRS_S02_TC06_BodyPreference_NoAllOrNone_NonTruncatedContentReturned")]
    public async Task WithoutAllOrNoneABodyShorterThanTheTruncationSizeComesWhole()
    {
        var serverId = await DeliverAsync("airs04 message");
        var whole = await WholeTextAsync(serverId);
        foreach (var preference in new[] { Preference("1", 100, allOrNone: false), Preference("1", 100) })
        {
            foreach (var view in await ThreeWaysAsync("airs04", serverId, preference))
            {
                var body = Body(view);
                Assert.Equal(whole, body.Value("AirSyncBase:Data"));
                Assert.False(IsTruncated(body));
            }
        }
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC07_BodyPreference_NotIncludedTruncationSize")]
    public async Task WithoutTruncationSizeAllOrNoneChangesNothing()
    {
        var serverId = await DeliverAsync("airs07 message");
        var whole = await WholeTextAsync(serverId);
        var withAll = await ThreeWaysAsync("airs07", serverId, Preference("1", allOrNone: true));
        var withoutAll = await ThreeWaysAsync("airs07", serverId, Preference("1", allOrNone: false));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(whole, Body(withAll[i]).Value("AirSyncBase:Data"));
            Assert.Equal(whole, Body(withoutAll[i]).Value("AirSyncBase:Data"));
            Assert.False(IsTruncated(Body(withAll[i])));
            Assert.False(IsTruncated(Body(withoutAll[i])));
        }
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC08_MultipleBodyPreference")]
    public async Task WhenTheFirstPreferenceCannotBeMetAllOrNoneTheNextOneIsUsed()
    {
        var serverId = await DeliverAsync("airs08 message");
        foreach (var view in await ThreeWaysAsync("airs08", serverId, Preference("2", 8, allOrNone: true), Preference("1", 18)))
        {
            var body = Body(view);
            Assert.Equal("1", body.Value("AirSyncBase:Type"));
            Assert.True(IsTruncated(body));
            Assert.Equal(BodyText[..18], body.Value("AirSyncBase:Data"));
        }
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S02_TC14_ItemOperations_Part")]
    public async Task ThePartElementIsOnlyInAMultipartAnswer()
    {
        var serverId = await DeliverAsync("airs14 message");
        var inline = Body(await FetchAsync(serverId, Preference("4")));
        Assert.Null(inline.Element("ItemOperations", "Part"));

        var url = $"/Microsoft-Server-ActiveSync?Cmd=ItemOperations&User=alice&DeviceId={_device.DeviceId}&DeviceType=SmartPhone";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(WbxmlEncoder.Encode(Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
                Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", _inbox), Wb.E("AirSync:ServerId", serverId),
                Wb.E("ItemOperations:Options", Preference("4")))))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-sync.wbxml");
        request.Headers.Add("MS-ASProtocolVersion", _device.Version);
        request.Headers.Add("X-MS-PolicyKey", _device.PolicyKey);
        request.Headers.Add("MS-ASAcceptMultiPart", "T");
        using var response = await _device.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var offset = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        var decoded = WbxmlDecoder.Decode(bytes.AsSpan(offset, length).ToArray());
        Assert.True(decoded.Success);
        var multipart = decoded.Root!.Find("AirSyncBase:Body")!;
        Assert.NotNull(multipart.Element("ItemOperations", "Part"));
        Assert.Null(multipart.Element("AirSyncBase", "Data"));
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S03_TC01_FileReference_ZeroLengthString")]
    public async Task AnEmptyFileReferenceIsStatus15()
    {
        var serverId = await DeliverAsync("airs31 message");
        var r = await _device.SendAsync("ItemOperations", Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch",
            Wb.E("ItemOperations:Store", "Mailbox"), Wb.E("AirSync:CollectionId", _inbox), Wb.E("AirSync:ServerId", serverId),
            Wb.E("AirSyncBase:FileReference", ""))));
        Assert.Equal("15", Assert.Single(r.Root!.FindAll("ItemOperations:Fetch")).Value("ItemOperations:Status"));
    }

    private async Task<string> DeliverWithAttachmentAsync(string subject, string attachmentPart)
    {
        var mime = $"From: Bob <bob@{Domain}>\r\nTo: alice@{Domain}\r\nSubject: {subject}\r\nMessage-ID: <{Guid.NewGuid():N}@{Domain}>\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + BodyText + "\r\n" +
                   "--outer\r\n" + attachmentPart + "\r\n--outer--\r\n";
        return await DeliverRawAsync(subject, mime);
    }

    private async Task<string> DeliverRawAsync(string subject, string mime)
    {
        Assert.True((await _server.Delivery.DeliverAsync($"alice@{Domain}", System.Text.Encoding.UTF8.GetBytes(mime))).IsDelivered);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        foreach (var s in (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery { Limit = 500 })).Items)
        {
            if ((await _server.Store.GetItemAsync(alice, s.Id))!.Subject == subject)
                return ServerIds.Format(inbox, s.Id);
        }

        throw new InvalidOperationException(subject);
    }

    [Fact]
    [Trait("Scenario", "MSASAIRS_S03_TC03_EmbeddedMessageAttachment")]
    public async Task AnAttachedMessageIsMethod5WithAnEmlNameAndNotInline()
    {
        var serverId = await DeliverWithAttachmentAsync("airs33 embedded", "Content-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n" +
            "From: carol@example.com\r\nTo: bob@example.com\r\nSubject: Inner message\r\n\r\nInner body.\r\n");
        foreach (var view in await ThreeWaysAsync("airs33", serverId))
        {
            var attachment = Assert.Single(view.Element("AirSyncBase", "Attachments")!.Children);
            Assert.Equal("5", attachment.Value("AirSyncBase:Method"));
            Assert.EndsWith(".eml", attachment.Value("AirSyncBase:DisplayName"), StringComparison.OrdinalIgnoreCase);
            Assert.Null(attachment.Element("AirSyncBase", "IsInline"));
        }
    }
}
