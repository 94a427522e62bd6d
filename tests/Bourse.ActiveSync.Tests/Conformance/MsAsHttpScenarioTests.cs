using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.ActiveSync.Tests.Protocol;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The scenarios of Microsoft's MS-ASHTTP test suite, replayed over HTTPS: the response headers, the command parameters in
/// both request-line forms (plain text and base64), the command codes, the HTTP status codes and the optional headers.
/// </summary>
public sealed class MsAsHttpScenarioTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;

    // MS-ASHTTP 2.2.1.1.1.1.2 command codes and 2.2.1.1.1.1.3 parameter tags.
    private const byte SendMailCode = 1, SmartForwardCode = 2, SmartReplyCode = 3, GetAttachmentCode = 4, ProvisionCode = 20;
    private const byte ResolveRecipientsCode = 21, ValidateCertCode = 22, SettingsCode = 17;
    private const byte AttachmentNameTag = 0, CollectionIdTag = 1, ItemIdTag = 3, LongIdTag = 4, OptionsTag = 7;

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// A base64-encoded request line for the device (MS-ASHTTP 2.2.1.1.1.1), with its policy key when it has one.
    private static EasBase64Request Line(EasDevice device, byte version, byte command) =>
        EasBase64Request.Header(version, command, 0x0409, device.DeviceId,
            device.PolicyKey is null ? null : uint.Parse(device.PolicyKey, CultureInfo.InvariantCulture), "SmartPhone");

    private static async Task<EasResponse> SendBase64Async(EasDevice device, EasBase64Request line, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Microsoft-Server-ActiveSync?" + Uri.EscapeDataString(line.ToQuery())) { Content = content };
        request.Headers.UserAgent.ParseAdd("BourseTestDevice/1.0");
        var response = await device.Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        WbxmlElement? root = null;
        if (bytes.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/vnd.ms-sync.wbxml")
        {
            var decoded = WbxmlDecoder.Decode(bytes);
            Assert.True(decoded.Success);
            root = decoded.Root;
        }

        return new EasResponse(response.StatusCode, response, bytes, root);
    }

    private static HttpContent Wbxml(WbxmlElement body)
    {
        var content = new ByteArrayContent(WbxmlEncoder.Encode(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.ms-sync.wbxml");
        return content;
    }

    private async Task<List<Item>> ItemsAsync(string user, WellKnownFolder folder)
    {
        var mailbox = (await _server.UserAsync(user)).MailboxId;
        var f = (await _server.Store.GetWellKnownFolderAsync(mailbox, folder))!;
        var items = new List<Item>();
        foreach (var s in (await _server.Store.ListItemsAsync(mailbox, f.Id, new ItemQuery { Limit = 500 })).Items)
            items.Add((await _server.Store.GetItemAsync(mailbox, s.Id))!);
        return items;
    }

    private async Task<Item> InboxItemAsync(string user, string subject) =>
        Assert.Single(await ItemsAsync(user, WellKnownFolder.Inbox), i => i.Subject == subject);

    private static string Mime(string from, string to, string subject) =>
        $"From: {from}@{Domain}\r\nTo: {to}@{Domain}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBody of {subject}.\r\n";

    private async Task<string> AttachmentReferenceAsync(byte[] payload)
    {
        var mime = $"From: Bob <bob@{Domain}>\r\nTo: alice@{Domain}\r\nSubject: EmailWithAttachment\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n" +
                   $"--x\r\nContent-Type: image/jpeg; name=\"number1.jpg\"\r\nContent-Disposition: attachment; filename=\"number1.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(payload)}\r\n--x--\r\n";
        Assert.True((await _server.Delivery.DeliverAsync($"alice@{Domain}", Encoding.UTF8.GetBytes(mime))).IsDelivered);
        var item = await InboxItemAsync("alice", "EmailWithAttachment");
        return FileReferences.Format(item.Id, Assert.Single(item.Attachments).Number);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC01_VerifyContentTypeResponseHeader")]
    public async Task AFolderSyncAnswerIsWbxml()
    {
        using var device = await _server.DeviceAsync();
        var r = await device.FolderSyncAsync();
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("application/vnd.ms-sync.wbxml", r.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", r.TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC03_CommandParameter_AttachmentName_Base64")]
    [Trait("Scenario", "MSASHTTP_S01_TC04_CommandParameter_AttachmentName_PlainText")]
    public async Task GetAttachmentTakesTheAttachmentNameInEitherFormAndAnswersWithTheBytesNotXml()
    {
        var payload = Enumerable.Range(0, 1500).Select(i => (byte)(i * 13)).ToArray();
        var reference = await AttachmentReferenceAsync(payload);
        using var device = await _server.DeviceAsync();
        device.Version = "12.1";

        var plain = await device.SendRawAsync("GetAttachment", new ByteArrayContent([]), $"&AttachmentName={Uri.EscapeDataString(reference)}");
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.Null(plain.Root);
        Assert.Equal(payload, plain.Body);

        var base64 = await SendBase64Async(device, Line(device, 121, GetAttachmentCode).Parameter(AttachmentNameTag, reference), new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.OK, base64.Status);
        Assert.Equal(payload, base64.Body);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC05_CommandParameter_SaveInSent_Base64")]
    public async Task TheSaveInSentOptionBitKeepsACopyForSendMailSmartForwardAndSmartReply()
    {
        using var alice = await _server.DeviceAsync();
        var sent = await SendBase64Async(alice, Line(alice, 121, SendMailCode).Parameter(OptionsTag, [0x01]), EasDevice.Mime(Mime("alice", "bob", "B64 SendMail")));
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Contains(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "B64 SendMail");

        using var bob = await _server.DeviceAsync(user: "bob", deviceId: "Bob1");
        var received = await InboxItemAsync("bob", "B64 SendMail");
        var forward = await SendBase64Async(bob, Line(bob, 121, SmartForwardCode)
                .Parameter(CollectionIdTag, received.FolderId.Value.ToString(CultureInfo.InvariantCulture))
                .Parameter(ItemIdTag, ServerIds.Format(received.FolderId, received.Id)).Parameter(OptionsTag, [0x01]),
            EasDevice.Mime(Mime("bob", "alice", "B64 SmartForward")));
        Assert.Equal(HttpStatusCode.OK, forward.Status);
        Assert.Contains(await ItemsAsync("bob", WellKnownFolder.SentItems), i => i.Subject == "B64 SmartForward");

        var forwarded = await InboxItemAsync("alice", "B64 SmartForward");
        var reply = await SendBase64Async(alice, Line(alice, 121, SmartReplyCode)
                .Parameter(CollectionIdTag, forwarded.FolderId.Value.ToString(CultureInfo.InvariantCulture))
                .Parameter(ItemIdTag, ServerIds.Format(forwarded.FolderId, forwarded.Id)).Parameter(OptionsTag, [0x01]),
            EasDevice.Mime(Mime("alice", "bob", "B64 SmartReply")));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "B64 SmartReply");
        Assert.Contains("Body of B64 SmartForward.", await TextOfAsync("bob", await InboxItemAsync("bob", "B64 SmartReply")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC06_CommandParameter_SaveInSent_PlainText")]
    public async Task SaveInSentTKeepsACopyAndFOrNothingDoesNot()
    {
        using var alice = await _server.DeviceAsync();
        alice.Version = "12.1";
        Assert.Equal(HttpStatusCode.OK, (await alice.SendRawAsync("SendMail", EasDevice.Mime(Mime("alice", "bob", "Plain SendMail")), "&SaveInSent=T")).Status);
        Assert.Contains(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "Plain SendMail");

        using var bob = await _server.DeviceAsync(user: "bob", deviceId: "Bob1");
        bob.Version = "12.1";
        var received = await InboxItemAsync("bob", "Plain SendMail");
        var forward = await bob.SendRawAsync("SmartForward", EasDevice.Mime(Mime("bob", "alice", "Plain SmartForward")),
            $"&ItemId={Uri.EscapeDataString(ServerIds.Format(received.FolderId, received.Id))}&CollectionId={received.FolderId.Value}&SaveInSent=F");
        Assert.Equal(HttpStatusCode.OK, forward.Status);
        Assert.DoesNotContain(await ItemsAsync("bob", WellKnownFolder.SentItems), i => i.Subject == "Plain SmartForward");
        // CollectionId and ItemId named the original: its text is in what alice receives.
        Assert.Contains("Body of Plain SendMail.", await TextOfAsync("alice", await InboxItemAsync("alice", "Plain SmartForward")), StringComparison.Ordinal);

        var forwarded = await InboxItemAsync("alice", "Plain SmartForward");
        var reply = await alice.SendRawAsync("SmartReply", EasDevice.Mime(Mime("alice", "bob", "Plain SmartReply")),
            $"&ItemId={Uri.EscapeDataString(ServerIds.Format(forwarded.FolderId, forwarded.Id))}&CollectionId={forwarded.FolderId.Value}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        // SaveInSent is F by default.
        Assert.DoesNotContain(await ItemsAsync("alice", WellKnownFolder.SentItems), i => i.Subject == "Plain SmartReply");
        Assert.Contains("Body of Plain SmartForward.", await TextOfAsync("bob", await InboxItemAsync("bob", "Plain SmartReply")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC07_CommandParameter_LongId_Base64")]
    [Trait("Scenario", "MSASHTTP_S01_TC08_CommandParameter_LongId_PlainText")]
    public async Task ASearchLongIdNamesTheOriginalOfSmartForwardAndSmartReplyInEitherForm()
    {
        await _server.DeliverAsync("alice", "Find me by LongId", "Original text for the LongId test.");
        using var alice = await _server.DeviceAsync();
        var search = await alice.SendAsync("Search", Wb.E("Search:Search", Wb.E("Search:Store", Wb.E("Search:Name", "Mailbox"),
            Wb.E("Search:Query", Wb.E("Search:And", Wb.E("AirSync:CollectionId", await alice.FolderIdAsync(2)), Wb.E("Search:FreeText", "LongId"))))));
        var longId = search.Root!.Find("Search:LongId")!.Text!;

        var base64 = await SendBase64Async(alice, Line(alice, 121, SmartForwardCode).Parameter(LongIdTag, longId),
            EasDevice.Mime(Mime("alice", "bob", "LongId forward b64")));
        Assert.Equal(HttpStatusCode.OK, base64.Status);
        Assert.Contains("Original text for the LongId test.", await TextOfAsync("bob", await InboxItemAsync("bob", "LongId forward b64")), StringComparison.Ordinal);

        alice.Version = "12.1";
        var plain = await alice.SendRawAsync("SmartForward", EasDevice.Mime(Mime("alice", "bob", "LongId forward plain")), $"&LongId={Uri.EscapeDataString(longId)}");
        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.Contains("Original text for the LongId test.", await TextOfAsync("bob", await InboxItemAsync("bob", "LongId forward plain")), StringComparison.Ordinal);
        var reply = await alice.SendRawAsync("SmartReply", EasDevice.Mime(Mime("alice", "bob", "LongId reply plain")), $"&LongId={Uri.EscapeDataString(longId)}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Contains("Original text for the LongId test.", await TextOfAsync("bob", await InboxItemAsync("bob", "LongId reply plain")), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC11_CommandCode_FolderRelatedCommands")]
    public async Task FolderCreateUpdateAndDeleteAreSeenByFolderSync()
    {
        using var device = await _server.DeviceAsync();
        var sync = await device.FolderSyncAsync();
        string Id(EasResponse r, int type) => r.Root!.FindAll("FolderHierarchy:Add").First(a => a.Value("FolderHierarchy:Type") == type.ToString(CultureInfo.InvariantCulture)).Value("FolderHierarchy:ServerId")!;
        WbxmlElement? Folder(EasResponse r, string id) => r.Root!.FindAll("FolderHierarchy:Add").FirstOrDefault(a => a.Value("FolderHierarchy:ServerId") == id);

        var created = await device.SendAsync("FolderCreate", Wb.E("FolderHierarchy:FolderCreate",
            Wb.E("FolderHierarchy:SyncKey", sync.Root!.Value("FolderHierarchy:SyncKey")), Wb.E("FolderHierarchy:ParentId", Id(sync, 2)),
            Wb.E("FolderHierarchy:DisplayName", "CreatedFolder"), Wb.E("FolderHierarchy:Type", "12")));
        var folderId = created.Root!.Value("FolderHierarchy:ServerId")!;
        sync = await device.FolderSyncAsync();
        Assert.Equal("CreatedFolder", Folder(sync, folderId)!.Value("FolderHierarchy:DisplayName"));

        var updated = await device.SendAsync("FolderUpdate", Wb.E("FolderHierarchy:FolderUpdate",
            Wb.E("FolderHierarchy:SyncKey", sync.Root!.Value("FolderHierarchy:SyncKey")), Wb.E("FolderHierarchy:ServerId", folderId),
            Wb.E("FolderHierarchy:ParentId", Id(sync, 5)), Wb.E("FolderHierarchy:DisplayName", "UpdatedFolder")));
        Assert.Equal("1", updated.TopStatus);
        sync = await device.FolderSyncAsync();
        Assert.Equal("UpdatedFolder", Folder(sync, folderId)!.Value("FolderHierarchy:DisplayName"));
        Assert.Equal(Id(sync, 5), Folder(sync, folderId)!.Value("FolderHierarchy:ParentId"));

        var deleted = await device.SendAsync("FolderDelete", Wb.E("FolderHierarchy:FolderDelete",
            Wb.E("FolderHierarchy:SyncKey", sync.Root!.Value("FolderHierarchy:SyncKey")), Wb.E("FolderHierarchy:ServerId", folderId)));
        Assert.Equal("1", deleted.TopStatus);
        Assert.Null(Folder(await device.FolderSyncAsync(), folderId));
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S01_TC13_CommandCode_UserRelatedCommands")]
    [Trait("Scenario", "MSASHTTP_S01_TC14_CommandCode_ValidateCert")]
    public async Task ResolveRecipientsSettingsAndValidateCertAnswerInBothForms()
    {
        using var device = await _server.DeviceAsync();
        var resolve = Wb.E("ResolveRecipients:ResolveRecipients", Wb.E("ResolveRecipients:To", "alice"));
        var settings = Wb.E("Settings:Settings", Wb.E("Settings:UserInformation", Wb.E("Settings:Get")));
        var validate = Wb.E("ValidateCert:ValidateCert", Wb.E("ValidateCert:Certificates", Wb.E("ValidateCert:Certificate", "bm90IGEgY2VydGlmaWNhdGU=")));

        Assert.Equal("1", (await device.SendAsync("ResolveRecipients", resolve)).TopStatus);
        Assert.Equal("1", (await device.SendAsync("Settings", settings)).TopStatus);
        Assert.Equal("1", (await device.SendAsync("ValidateCert", validate)).TopStatus);
        Assert.Equal("1", (await SendBase64Async(device, Line(device, 141, ResolveRecipientsCode), Wbxml(resolve))).TopStatus);
        Assert.Equal("1", (await SendBase64Async(device, Line(device, 141, SettingsCode), Wbxml(settings))).TopStatus);
        Assert.Equal("1", (await SendBase64Async(device, Line(device, 141, ValidateCertCode), Wbxml(validate))).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S02_TC01_Verify400StatusCode")]
    public async Task AnUnknownProtocolVersionIs400EveryTime()
    {
        using var device = await _server.DeviceAsync();
        device.Version = "191";
        Assert.Equal(HttpStatusCode.BadRequest, (await device.FolderSyncAsync()).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await device.FolderSyncAsync()).Status);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S02_TC02_Verify401StatusCode")]
    public async Task NoCredentialsOrAWrongPasswordIs401()
    {
        using var anonymous = new EasDevice(_server.CreateHttpClient(user: null), "alice", "Anon1", "SmartPhone", "14.1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.FolderSyncAsync()).Status);
        using var wrong = new EasDevice(_server.CreateHttpClient("alice", EasTestServer.Password + "InvalidPassword"), "alice", "Wrong1", "SmartPhone", "14.1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.FolderSyncAsync()).Status);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S02_TC04_Verify404StatusCode")]
    public async Task APathThatIsNotTheActiveSyncEndpointIs404()
    {
        using var http = _server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/NotSupport/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=alice&DeviceId=Dev404&DeviceType=SmartPhone")
        {
            Content = Wbxml(Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", "0"))),
        };
        request.Headers.Add("MS-ASProtocolVersion", "14.1");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S02_TC05_Verify501StatusCode")]
    public async Task ACommandTheServerDoesNotKnowIs501()
    {
        using var device = await _server.DeviceAsync();
        var r = await device.SendAsync("NotExist", Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", "0")));
        Assert.Equal(HttpStatusCode.NotImplemented, r.Status);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S03_TC01_SetASAcceptMultiPartRequestHeader")]
    public async Task MultipartIsSentForTAndNotForFOrWithoutTheHeader()
    {
        await _server.DeliverAsync("alice", "Multipart or not", "Some text.");
        var item = await InboxItemAsync("alice", "Multipart or not");
        using var device = await _server.DeviceAsync();
        var body = Wb.E("ItemOperations:ItemOperations", Wb.E("ItemOperations:Fetch", Wb.E("ItemOperations:Store", "Mailbox"),
            Wb.E("AirSync:CollectionId", item.FolderId.Value.ToString(CultureInfo.InvariantCulture)), Wb.E("AirSync:ServerId", ServerIds.Format(item.FolderId, item.Id))));

        async Task<string?> ContentTypeAsync(string? acceptMultiPart)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"/Microsoft-Server-ActiveSync?Cmd=ItemOperations&User=alice&DeviceId={device.DeviceId}&DeviceType=SmartPhone") { Content = Wbxml(body) };
            request.Headers.Add("MS-ASProtocolVersion", device.Version);
            request.Headers.Add("X-MS-PolicyKey", device.PolicyKey);
            if (acceptMultiPart is not null)
                request.Headers.Add("MS-ASAcceptMultiPart", acceptMultiPart);
            using var response = await device.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Content.Headers.ContentType?.MediaType;
        }

        Assert.Equal("application/vnd.ms-sync.multipart", await ContentTypeAsync("T"));
        Assert.Equal("application/vnd.ms-sync.wbxml", await ContentTypeAsync("F"));
        Assert.Equal("application/vnd.ms-sync.wbxml", await ContentTypeAsync(null));
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S03_TC02_SetUserAgentRequestHeader")]
    public async Task AUserAgentHeaderIsAccepted()
    {
        using var device = await _server.DeviceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"/Microsoft-Server-ActiveSync?Cmd=FolderSync&User=alice&DeviceId={device.DeviceId}&DeviceType=SmartPhone")
        {
            Content = Wbxml(Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", "0"))),
        };
        request.Headers.Add("MS-ASProtocolVersion", device.Version);
        request.Headers.Add("X-MS-PolicyKey", device.PolicyKey);
        request.Headers.TryAddWithoutValidation("User-Agent", "ASOM");
        using var response = await device.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decoded = WbxmlDecoder.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("1", decoded.Root!.Value("FolderHierarchy:Status"));
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S03_TC03_SetPolicyKeyRequestHeader")]
    public async Task ThePolicyKeyTravelsInTheHeaderOrInTheBase64Line()
    {
        var download = Wb.E("Provision:Provision", Wb.E("Provision:Policies", Wb.E("Provision:Policy", Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML"))));
        WbxmlElement Ack(string key) => Wb.E("Provision:Provision", Wb.E("Provision:Policies", Wb.E("Provision:Policy",
            Wb.E("Provision:PolicyType", "MS-EAS-Provisioning-WBXML"), Wb.E("Provision:PolicyKey", key), Wb.E("Provision:Status", "1"))));

        // Plain text: the X-MS-PolicyKey header.
        using var plain = await _server.DeviceAsync(deviceId: "Plain1", provision: false);
        var temporary = (await plain.SendAsync("Provision", download)).Root!.Find("Provision:PolicyKey")!.Text!;
        plain.PolicyKey = temporary;
        var acknowledged = await plain.SendAsync("Provision", Ack(temporary));
        Assert.Equal("1", acknowledged.TopStatus);
        plain.PolicyKey = acknowledged.Root!.Find("Provision:PolicyKey")!.Text!;
        Assert.Equal("1", (await plain.FolderSyncAsync()).TopStatus);

        // Base64: the Policy key field of the request line.
        using var encoded = await _server.DeviceAsync(deviceId: "Base1", provision: false);
        var first = await SendBase64Async(encoded, Line(encoded, 141, ProvisionCode), Wbxml(download));
        Assert.Equal("1", first.TopStatus);
        encoded.PolicyKey = first.Root!.Find("Provision:PolicyKey")!.Text!;
        var second = await SendBase64Async(encoded, Line(encoded, 141, ProvisionCode), Wbxml(Ack(encoded.PolicyKey)));
        Assert.Equal("1", second.TopStatus);
        encoded.PolicyKey = second.Root!.Find("Provision:PolicyKey")!.Text!;
        Assert.Equal("1", (await SendBase64Async(encoded, Line(encoded, 141, 9), Wbxml(Wb.E("FolderHierarchy:FolderSync", Wb.E("FolderHierarchy:SyncKey", "0"))))).TopStatus);
    }

    [Fact]
    [Trait("Scenario", "MSASHTTP_S04_TC01_HTTPOPTIONS")]
    public async Task OptionsIs200()
    {
        using var http = _server.CreateHttpClient();
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/Microsoft-Server-ActiveSync"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(response.Headers.GetValues("MS-ASProtocolVersions"));
        Assert.NotEmpty(response.Headers.GetValues("MS-ASProtocolCommands"));
    }

    private async Task<string> TextOfAsync(string user, Item item)
    {
        var mailbox = (await _server.UserAsync(user)).MailboxId;
        await using var stream = (await _server.Store.OpenMimeAsync(mailbox, item.Id))!;
        return (await MimeKit.MimeMessage.LoadAsync(stream)).TextBody ?? "";
    }
}
