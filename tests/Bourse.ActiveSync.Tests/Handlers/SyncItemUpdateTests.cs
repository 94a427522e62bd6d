using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using static Bourse.ActiveSync.Tests.Handlers.SyncTestKit;

namespace Bourse.ActiveSync.Tests.Handlers;

/// Device Changes that reach past the property bag (MS-ASCMD 2.2.3.24): calendar attendees and 16.x draft recipients and
/// attachments are applied to the item's recipient rows and attachments in the store, over HTTPS against the real store.
public sealed class SyncItemUpdateTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly DateTime Start = new(2026, 3, 16, 9, 0, 0, DateTimeKind.Utc);

    private static Recipient Row(RecipientType type, string address, int flags = 0)
    {
        var row = new Recipient(type, address);
        if (flags != 0)
            row.Properties.Set(PropTags.RecipientFlags, flags);
        return row;
    }

    private static WbxmlElement Attendee(string email, string name, int type) =>
        Wb.E("Calendar:Attendee", Wb.E("Calendar:Email", email), Wb.E("Calendar:Name", name), Wb.E("Calendar:AttendeeType", type.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static WbxmlElement Change(string serverId, params WbxmlElement[] data) =>
        Wb.E("AirSync:Change", Wb.E("AirSync:ServerId", serverId), Wb.E("AirSync:ApplicationData", data));

    private static WbxmlElement AttachmentAdd(string clientId, string name, byte[] content) =>
        Wb.E("AirSyncBase:Add", Wb.E("AirSyncBase:ClientId", clientId), Wb.E("AirSyncBase:DisplayName", name),
            Wb.E("AirSyncBase:Method", "1"), Wb.E("AirSyncBase:ContentType", "text/plain"), Wb.E("AirSyncBase:Content", content));

    private static WbxmlElement AttachmentDelete(string fileReference) =>
        Wb.E("AirSyncBase:Delete", Wb.E("AirSyncBase:FileReference", fileReference));

    /// The ClientId → FileReference pairs of a Responses Add or Change.
    private static List<(string ClientId, string FileReference)> References(WbxmlElement response) =>
        response.FindAll("AirSyncBase:Attachment").Select(a => (a.Value("AirSyncBase:ClientId")!, a.Value("AirSyncBase:FileReference")!)).ToList();

    private static int AttachNumber(string fileReference) => int.Parse(fileReference[(fileReference.IndexOf(':', StringComparison.Ordinal) + 1)..],
        System.Globalization.CultureInfo.InvariantCulture);

    private async Task<byte[]> ReadAttachmentAsync(MailboxId mailbox, ItemId item, int number)
    {
        await using var stream = await _server.Store.OpenAttachmentAsync(mailbox, item, number);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task ADeviceChangingAMeetingsAttendeesReplacesTheRecipientRowsButKeepsTheOrganizer()
    {
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var calendar = await _server.FolderAsync("alice", WellKnownFolder.Calendar);
        var meeting = new NewItem(new PropertyBag()
            .Set(PropTags.MessageClass, "IPM.Appointment")
            .Set(PropTags.Subject, "Planning")
            .Set(NamedProps.AppointmentStartWhole, PropertyValue.SysTime(Start))
            .Set(NamedProps.AppointmentEndWhole, PropertyValue.SysTime(Start.AddHours(1))));
        // MS-OXOCAL 2.2.4.10.1: the organizer's own row (recipSendable | recipOrganizer) is not an attendee.
        meeting.Recipients.Add(Row(RecipientType.To, "alice@bourse.test", flags: 0x3));
        meeting.Recipients.Add(Row(RecipientType.To, "bob@example.org"));
        meeting.Recipients.Add(Row(RecipientType.Cc, "carol@example.org"));
        var created = (await _server.Store.CreateItemAsync(alice, calendar, meeting)).Value;
        var serverId = ServerId(calendar, created.Id);

        using var device = await _server.DeviceAsync();
        var collection = await device.FolderIdAsync(8);
        var (key, adds) = await device.FullSyncAsync(collection);
        var add = Assert.Single(adds);
        Assert.Equal(["bob@example.org", "carol@example.org"], add.FindAll("Calendar:Email").Select(e => e.Text));

        // Bob stays required, Carol is dropped, Dave joins as optional and Room 4 as a resource.
        var c = (await device.SyncAsync(collection, key, commands: [Change(serverId,
            Wb.E("Calendar:Subject", "Planning"), Wb.E("Calendar:StartTime", "20260316T090000Z"), Wb.E("Calendar:EndTime", "20260316T100000Z"),
            Wb.E("Calendar:Attendees", Attendee("bob@example.org", "Bob", 1), Attendee("dave@example.org", "Dave", 2), Attendee("room4@example.org", "Room 4", 3)))])).Collection(collection);
        Assert.Equal("1", c.Status);
        // A successful Change without attachments added has no Responses entry, and the device's own change is not echoed.
        Assert.Empty(c.Responses("Change"));
        Assert.Empty(c.ChangeIds);

        var item = (await _server.Store.GetItemAsync(alice, created.Id))!;
        Assert.Equal(
            [("alice@bourse.test", RecipientType.To), ("bob@example.org", RecipientType.To), ("dave@example.org", RecipientType.Cc), ("room4@example.org", RecipientType.Bcc)],
            item.Recipients.Select(r => (r.Address, r.Type)));
        Assert.Equal("Dave", item.Recipients[2].DisplayName);
        Assert.Equal(0x3, item.Recipients[0].Properties.GetInt32(PropTags.RecipientFlags));
        Assert.True(item.ChangeNumber > created.ChangeNumber);
        AssertEmpty(await device.SyncAsync(collection, c.SyncKey!));

        // Another device sees the new attendees.
        using var other = await _server.DeviceAsync(deviceId: "Dev2");
        var (_, seen) = await other.FullSyncAsync(collection);
        Assert.Equal(["bob@example.org", "dave@example.org", "room4@example.org"], Assert.Single(seen).FindAll("Calendar:Email").Select(e => e.Text));

        // MS-ASCMD 2.2.3.179: Attendees left out of a Change (and not ghosted) are deleted — the organizer's row remains.
        c = (await device.SyncAsync(collection, c.SyncKey!, commands: [Change(serverId,
            Wb.E("Calendar:Subject", "Planning alone"), Wb.E("Calendar:StartTime", "20260316T090000Z"), Wb.E("Calendar:EndTime", "20260316T100000Z"))])).Collection(collection);
        Assert.Equal("1", c.Status);
        Assert.Empty(c.Responses("Change"));
        item = (await _server.Store.GetItemAsync(alice, created.Id))!;
        Assert.Equal("Planning alone", item.Subject);
        Assert.Equal("alice@bourse.test", Assert.Single(item.Recipients).Address);
    }

    [Fact]
    public async Task A161DraftGetsAnAttachmentAddedThenDeleted()
    {
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var draftsFolder = await _server.FolderAsync("alice", WellKnownFolder.Drafts);
        using var device = await _server.DeviceAsync(version: "16.1");
        var drafts = await device.FolderIdAsync(3);
        var (key, _) = await device.FullSyncAsync(drafts);

        var added = (await device.SyncAsync(drafts, key, commands: [Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", "draft-1"), Wb.E("AirSync:ApplicationData",
            Wb.E("Email:To", "bob@bourse.test"), Wb.E("Email:Cc", "dave@example.org"), Wb.E("Email:Subject", "Notes"),
            Wb.E("AirSyncBase:Body", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:Data", "See attached."))))])).Collection(drafts);
        var serverId = Assert.Single(added.Responses("Add")).Value("AirSync:ServerId")!;
        var id = new ItemId(long.Parse(serverId[(serverId.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty((await _server.Store.GetItemAsync(alice, id))!.Attachments);

        // Add an attachment: MS-ASCMD 2.2.3.154 — the successful Change is answered with the attachment's new FileReference.
        var content = "meeting notes, page 1"u8.ToArray();
        var change = Change(serverId, Wb.E("AirSyncBase:Attachments", AttachmentAdd("att-1", "notes.txt", content)));
        var c = (await device.SyncAsync(drafts, added.SyncKey!, commands: [change])).Collection(drafts);
        Assert.Equal("1", c.Status);
        var response = Assert.Single(c.Responses("Change"));
        Assert.Equal(serverId, response.Value("AirSync:ServerId"));
        Assert.Equal("1", response.Value("AirSync:Status"));
        var (clientId, fileReference) = Assert.Single(References(response));
        Assert.Equal("att-1", clientId);
        Assert.StartsWith(id.Value + ":", fileReference);
        Assert.Empty(c.ChangeIds);

        var item = (await _server.Store.GetItemAsync(alice, id))!;
        var attachment = Assert.Single(item.Attachments);
        Assert.Equal(AttachNumber(fileReference), attachment.Number);
        Assert.Equal("notes.txt", attachment.FileName);
        Assert.Equal(content.Length, attachment.Size);
        Assert.Equal(content, await ReadAttachmentAsync(alice, id, attachment.Number));
        Assert.True(item.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.True((await _server.Store.ListItemsAsync(alice, draftsFolder, new Bourse.Storage.ItemQuery())).Items.Single().HasAttachments);
        // The recipients the Change did not mention stay.
        Assert.Equal([("bob@bourse.test", RecipientType.To), ("dave@example.org", RecipientType.Cc)], item.Recipients.Select(r => (r.Address, r.Type)));

        // A retry of the request whose answer was lost answers the same FileReference and adds nothing twice.
        var retry = (await device.SyncAsync(drafts, added.SyncKey!, commands: [change])).Collection(drafts);
        Assert.Equal(c.SyncKey, retry.SyncKey);
        Assert.Equal([("att-1", fileReference)], References(Assert.Single(retry.Responses("Change"))));
        Assert.Single((await _server.Store.GetItemAsync(alice, id))!.Attachments);

        // Replace the To line: the Cc row stays, the To row is the new one.
        c = (await device.SyncAsync(drafts, retry.SyncKey!, commands: [Change(serverId, Wb.E("Email:To", "\"Carol\" <carol@example.org>"))])).Collection(drafts);
        Assert.Equal("1", c.Status);
        Assert.Empty(c.Responses("Change"));
        item = (await _server.Store.GetItemAsync(alice, id))!;
        Assert.Equal([("dave@example.org", RecipientType.Cc, "dave@example.org"), ("carol@example.org", RecipientType.To, "Carol")],
            item.Recipients.Select(r => (r.Address, r.Type, r.DisplayName)));
        Assert.Single(item.Attachments);

        // Delete it by its FileReference: a successful Change that added nothing is not answered.
        c = (await device.SyncAsync(drafts, c.SyncKey!, commands: [Change(serverId, Wb.E("AirSyncBase:Attachments", AttachmentDelete(fileReference)))])).Collection(drafts);
        Assert.Equal("1", c.Status);
        Assert.Empty(c.Responses("Change"));
        item = (await _server.Store.GetItemAsync(alice, id))!;
        Assert.Empty(item.Attachments);
        Assert.False(item.Properties.GetBoolean(PropTags.HasAttachments));
        Assert.Null(await _server.Store.OpenAttachmentAsync(alice, id, AttachNumber(fileReference)));
        Assert.False((await _server.Store.ListItemsAsync(alice, draftsFolder, new Bourse.Storage.ItemQuery())).Items.Single().HasAttachments);
        AssertEmpty(await device.SyncAsync(drafts, c.SyncKey!));

        // Deleting it again finds nothing to delete and is no failure.
        c = (await device.SyncAsync(drafts, c.SyncKey!, commands: [Change(serverId, Wb.E("AirSyncBase:Attachments", AttachmentDelete(fileReference)))])).Collection(drafts);
        Assert.Equal("1", c.Status);
        Assert.Empty(c.Responses("Change"));
    }

    [Fact]
    public async Task ADraftAddWithAttachmentsAnswersTheirFileReferencesAlsoOnRetry()
    {
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await _server.DeviceAsync(version: "16.1");
        var drafts = await device.FolderIdAsync(3);
        var (key, _) = await device.FullSyncAsync(drafts);
        var add = Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", "draft-2"), Wb.E("AirSync:ApplicationData",
            Wb.E("Email:To", "bob@bourse.test"), Wb.E("Email:Subject", "Two files"),
            Wb.E("AirSyncBase:Attachments", AttachmentAdd("a", "a.txt", "first"u8.ToArray()), AttachmentAdd("b", "b.txt", "second"u8.ToArray()))));

        var first = Assert.Single((await device.SyncAsync(drafts, key, commands: [add])).Collection(drafts).Responses("Add"));
        var references = References(first);
        Assert.Equal(["a", "b"], references.Select(r => r.ClientId));
        var serverId = first.Value("AirSync:ServerId")!;
        var id = new ItemId(long.Parse(serverId[(serverId.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("second"u8.ToArray(), await ReadAttachmentAsync(alice, id, AttachNumber(references[1].FileReference)));

        var retry = Assert.Single((await device.SyncAsync(drafts, key, commands: [add])).Collection(drafts).Responses("Add"));
        Assert.Equal(serverId, retry.Value("AirSync:ServerId"));
        Assert.Equal(references, References(retry));
        Assert.Equal(2, (await _server.Store.GetItemAsync(alice, id))!.Attachments.Count);
    }

    [Fact]
    public async Task AChangeDeletingAnotherItemsAttachmentIsAConversionErrorAndChangesNothing()
    {
        var alice = (await _server.UserAsync("alice")).MailboxId;
        using var device = await _server.DeviceAsync(version: "16.1");
        var drafts = await device.FolderIdAsync(3);
        var (key, _) = await device.FullSyncAsync(drafts);
        WbxmlElement Draft(string clientId) => Wb.E("AirSync:Add", Wb.E("AirSync:ClientId", clientId), Wb.E("AirSync:ApplicationData",
            Wb.E("Email:Subject", clientId), Wb.E("AirSyncBase:Attachments", AttachmentAdd("f-" + clientId, clientId + ".txt", "x"u8.ToArray()))));
        var c = (await device.SyncAsync(drafts, key, commands: [Draft("one"), Draft("two")])).Collection(drafts);
        var responses = c.Responses("Add").ToList();
        var one = responses[0].Value("AirSync:ServerId")!;
        var twoReference = Assert.Single(References(responses[1])).FileReference;

        c = (await device.SyncAsync(drafts, c.SyncKey!, commands: [Change(one, Wb.E("Email:Subject", "renamed"),
            Wb.E("AirSyncBase:Attachments", AttachmentDelete(twoReference)))])).Collection(drafts);
        var failed = Assert.Single(c.Responses("Change"));
        Assert.Equal("6", failed.Value("AirSync:Status"));
        var id = new ItemId(long.Parse(one[(one.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var item = (await _server.Store.GetItemAsync(alice, id))!;
        Assert.Equal("one", item.Subject);
        Assert.Single(item.Attachments);
    }
}
