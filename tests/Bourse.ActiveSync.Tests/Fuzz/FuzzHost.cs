using System.Globalization;
using System.Reflection;
using System.Text;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// The server one fuzz test attacks (a fresh one per test, so that a command's run never depends on what another
/// command's run left in the mailbox, and a fixed seed replays the same run): the in-process HTTPS server with short heartbeat bounds (a
/// legitimately held Ping or Sync ends within 2 s, so anything slower is a hang) and a 1 MB request limit; alice with mail,
/// an attachment, a meeting request and a folder of her own; bob with mail whose subject, body and attachment carry a
/// marker that must never appear in an answer to alice, and a synced device of his own; and the ids of bob's and of
/// alice's other device, which the mutations plant in alice's requests.
/// </summary>
internal sealed class FuzzHost : IAsyncLifetime
{
    internal const int MaxRequestBytes = 1024 * 1024;
    internal const string BobMarker = "BOBSECRET4711";

    private readonly Dictionary<string, EasDevice> _devices = new(StringComparer.Ordinal);

    internal EasTestServer Server { get; private set; } = null!;

    internal FuzzLog Log { get; } = new();

    /// True when the server's logger could be observed (the test server keeps its host private).
    internal bool LogAttached { get; private set; }

    internal MailboxId Alice { get; private set; }

    internal MailboxId Bob { get; private set; }

    /// Command names the server lists in MS-ASProtocolCommands.
    internal IReadOnlySet<string> Implemented { get; private set; } = new HashSet<string>();

    internal string Inbox { get; private set; } = "";

    internal string Drafts { get; private set; } = "";

    internal string Deleted { get; private set; } = "";

    internal string Sent { get; private set; } = "";

    internal string Calendar { get; private set; } = "";

    internal string Contacts { get; private set; } = "";

    internal string Tasks { get; private set; } = "";

    /// alice's own folder "Fuzz Projects" (a move destination, a parent for new folders).
    internal string Projects { get; private set; } = "";

    /// Ids of bob's and of alice's other device, and alice's own valid ids, planted by the foreign-id mutation.
    internal List<string> ForeignIds { get; } = [];

    /// Strings that identify bob's content.
    internal IReadOnlyList<string> Forbidden { get; } = [BobMarker];

    public async Task InitializeAsync()
    {
        Server = await EasTestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bourse:ActiveSync:MinHeartbeatSeconds"] = "1",
            ["Bourse:ActiveSync:MaxHeartbeatSeconds"] = "2",
            ["Bourse:ActiveSync:MaxRequestBytes"] = MaxRequestBytes.ToString(CultureInfo.InvariantCulture),
        });

        // EasTestServer keeps its WebApplication private; its logger factory takes an extra provider at run time. Without it
        // the suite still sees escaped exceptions as 5xx or Status 111, only without their text.
        if (typeof(EasTestServer).GetField("_app", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(Server) is WebApplication app)
        {
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Log);
            LogAttached = true;
        }

        Alice = (await Server.UserAsync("alice")).MailboxId;
        Bob = (await Server.UserAsync("bob")).MailboxId;

        Inbox = await WellKnownAsync(Alice, WellKnownFolder.Inbox);
        Drafts = await WellKnownAsync(Alice, WellKnownFolder.Drafts);
        Deleted = await WellKnownAsync(Alice, WellKnownFolder.DeletedItems);
        Sent = await WellKnownAsync(Alice, WellKnownFolder.SentItems);
        Calendar = await WellKnownAsync(Alice, WellKnownFolder.Calendar);
        Contacts = await WellKnownAsync(Alice, WellKnownFolder.Contacts);
        Tasks = await WellKnownAsync(Alice, WellKnownFolder.Tasks);
        Projects = await CreateFolderAsync("Fuzz Projects");

        for (var i = 0; i < 4; i++)
            await DeliverAsync("alice", $"Fuzz seed {i}", $"Plain body {i} with some words to search: zeppelin orchid.");
        await DeliverAttachmentAsync("alice", "Report attached", "Quarterly numbers in the attachment.");
        await DeliverMeetingAsync("alice", "Planning meeting");

        // bob: marked mail, an attachment, and a device with sync state of its own.
        for (var i = 0; i < 3; i++)
            await DeliverAsync("bob", $"{BobMarker} subject {i}", $"{BobMarker} body {i} zeppelin orchid");
        var bobRef = await DeliverAttachmentAsync("bob", $"{BobMarker} attachment", $"{BobMarker} see attached", $"{BobMarker} attachment content");
        using (var bobDevice = await Server.DeviceAsync("bob", "BobPhone"))
        {
            var bobInbox = await WellKnownAsync(Bob, WellKnownFolder.Inbox);
            await bobDevice.FolderSyncAsync();
            await bobDevice.SendAsync("Sync", SyncRequest(bobInbox, "0"));
            await bobDevice.SendAsync("Sync", SyncRequest(bobInbox, "1"));
            ForeignIds.Add("BobPhone");
            ForeignIds.Add(bobDevice.PolicyKey!);
            foreach (var folder in await Server.Store.GetFoldersAsync(Bob))
                ForeignIds.Add(folder.Id.Value.ToString(CultureInfo.InvariantCulture));
            var bobItems = await Server.Store.ListItemsAsync(Bob, new FolderId(long.Parse(bobInbox, CultureInfo.InvariantCulture)), new Storage.ItemQuery { Limit = 10 });
            foreach (var item in bobItems.Items)
                ForeignIds.Add(ServerIds.Format(item.FolderId, item.Id));
            ForeignIds.Add(bobRef);
        }

        // alice's other device, synced: its keys are valid numbers that belong to someone else.
        var other = await DeviceAsync("FzOtherDevice");
        await other.FolderSyncAsync();
        await other.SendAsync("Sync", SyncRequest(Inbox, "0"));
        await other.SendAsync("Sync", SyncRequest(Inbox, "1"));
        ForeignIds.AddRange(["FzOtherDevice", other.PolicyKey!, "1", "2", "3", "4294967295"]);
        ForeignIds.AddRange([Inbox, Drafts, Deleted, Sent, Calendar, Contacts, Projects, "0"]);
        foreach (var item in (await Server.Store.ListItemsAsync(Alice, Folder(Inbox), new Storage.ItemQuery { Limit = 5 })).Items)
            ForeignIds.Add(ServerIds.Format(item.FolderId, item.Id));

        using var probe = Server.CreateHttpClient();
        using var optionsMessage = new HttpRequestMessage(HttpMethod.Options, "/Microsoft-Server-ActiveSync");
        using var optionsResponse = await probe.SendAsync(optionsMessage);
        Assert.Equal(System.Net.HttpStatusCode.OK, optionsResponse.StatusCode);
        var commands = optionsResponse.Headers.TryGetValues("MS-ASProtocolCommands", out var v) ? string.Join(",", v) : "";
        Implemented = commands.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
    }

    public async Task DisposeAsync()
    {
        foreach (var d in _devices.Values)
            d.Dispose();
        await Server.DisposeAsync();
    }

    /// A provisioned device of alice's, one per name (each command is fuzzed from its own device).
    internal async Task<EasDevice> DeviceAsync(string deviceId, string version = "14.1")
    {
        if (!_devices.TryGetValue(deviceId, out var device))
        {
            device = await Server.DeviceAsync("alice", deviceId, version);
            _devices[deviceId] = device;
        }

        return device;
    }

    /// A request from this device as a real client sends it (plain-text query, version and policy key headers).
    internal static FuzzRequest Request(EasDevice device, string command, byte[] body, string? version = null, string? contentType = FuzzRequest.Wbxml,
        string? extraQuery = null)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("MS-ASProtocolVersion", version ?? device.Version),
            new("User-Agent", "BourseFuzz/1.0"),
        };
        if (device.PolicyKey is { } key)
            headers.Add(new("X-MS-PolicyKey", key));
        return new FuzzRequest(command, $"Cmd={command}&User=alice&DeviceId={device.DeviceId}&DeviceType=SmartPhone{extraQuery}", headers, body, contentType);
    }

    internal static FolderId Folder(string serverId) => new(long.Parse(serverId, CultureInfo.InvariantCulture));

    internal static Bourse.ActiveSync.Codec.WbxmlElement SyncRequest(string collectionId, string syncKey, params object?[] more) =>
        Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
            [Wb.E("AirSync:SyncKey", syncKey), Wb.E("AirSync:CollectionId", collectionId), .. more])));

    internal async Task<string> CreateFolderAsync(string name, string? parent = null, string containerClass = "IPF.Note")
    {
        var parentId = parent is null
            ? (await Server.Store.GetWellKnownFolderAsync(Alice, WellKnownFolder.IpmSubtree))!.Id
            : Folder(parent);
        var created = await Server.Store.CreateFolderAsync(Alice, parentId, name, containerClass);
        Assert.True(created.IsSuccess, created.ToString());
        return created.Value.Id.Value.ToString(CultureInfo.InvariantCulture);
    }

    /// Delivers a plain message; returns its ServerId in the Inbox.
    internal async Task<string> DeliverAsync(string user, string subject, string body)
    {
        var mime = $"From: Carol <carol@example.com>\r\nTo: {user}@{EasTestServer.Domain}\r\nSubject: {subject}\r\nDate: {DateTime.UtcNow:R}\r\n" +
                   $"Message-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";
        return await DeliverMimeAsync(user, mime);
    }

    /// Delivers a message with a text attachment; returns the attachment's FileReference.
    internal async Task<string> DeliverAttachmentAsync(string user, string subject, string body, string content = "attachment content 0123456789")
    {
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
        var mime = $"From: Carol <carol@example.com>\r\nTo: {user}@{EasTestServer.Domain}\r\nSubject: {subject}\r\nDate: {DateTime.UtcNow:R}\r\n" +
                   $"Message-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
                   $"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n" +
                   "--b1\r\nContent-Type: text/plain; name=\"notes.txt\"\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n" +
                   $"Content-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b1--\r\n";
        var serverId = await DeliverMimeAsync(user, mime);
        Assert.True(ServerIds.TryParse(serverId, out _, out var itemId));
        var mailbox = user == "bob" ? Bob : Alice;
        var item = (await Server.Store.GetItemAsync(mailbox, itemId))!;
        return FileReferences.Format(item.Id, Assert.Single(item.Attachments).Number);
    }

    /// Delivers an iCalendar meeting request; returns its ServerId.
    internal Task<string> DeliverMeetingAsync(string user, string subject)
    {
        var start = DateTime.UtcNow.Date.AddDays(3).AddHours(10);
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fuzz//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n" +
                  $"UID:{Guid.NewGuid():N}@example.com\r\nDTSTAMP:{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}\r\nDTSTART:{start:yyyyMMdd'T'HHmmss'Z'}\r\n" +
                  $"DTEND:{start.AddHours(1):yyyyMMdd'T'HHmmss'Z'}\r\nSUMMARY:{subject}\r\nORGANIZER:mailto:carol@example.com\r\n" +
                  $"ATTENDEE;RSVP=TRUE:mailto:{user}@{EasTestServer.Domain}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var mime = $"From: Carol <carol@example.com>\r\nTo: {user}@{EasTestServer.Domain}\r\nSubject: {subject}\r\nDate: {DateTime.UtcNow:R}\r\n" +
                   $"Message-ID: <{Guid.NewGuid():N}@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n{ics}";
        return DeliverMimeAsync(user, mime);
    }

    internal async Task<string> DeliverMimeAsync(string user, string mime)
    {
        var r = await Server.Delivery.DeliverAsync($"{user}@{EasTestServer.Domain}", Encoding.UTF8.GetBytes(mime));
        Assert.True(r.IsDelivered, r.ToString());
        var mailbox = user == "bob" ? Bob : Alice;
        var item = (await Server.Store.GetItemAsync(mailbox, Assert.Single(r.ItemIds)))!;
        return ServerIds.Format(item.FolderId, item.Id);
    }

    internal Task<MailboxSnapshot> SnapshotAsync(MailboxId mailbox) => MailboxSnapshot.TakeAsync(Server.Store, Server.Devices, mailbox);

    internal async Task<long> ChangeNumberAsync(MailboxId mailbox) => (await Server.Store.GetMailboxAsync(mailbox))!.LastChangeNumber;

    private async Task<string> WellKnownAsync(MailboxId mailbox, WellKnownFolder folder) =>
        (await Server.Store.GetWellKnownFolderAsync(mailbox, folder))!.Id.Value.ToString(CultureInfo.InvariantCulture);
}
