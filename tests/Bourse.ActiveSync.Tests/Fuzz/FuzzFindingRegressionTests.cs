using System.Net;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// Minimised reproductions of what the fuzz suite found (body NUL and control characters, a Wait that overflowed, a request too large to cache), kept as regressions.
public sealed class FuzzFindingRegressionTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S19_TC47_Sync_Wait_Status14")]
    public async Task SyncWaitWhoseSecondsOverflowAnIntGetsStatus14NotAnException()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "0"));
        await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "1"));
        // 71582790 minutes * 60 = 4294967400 = 104 (mod 2^32): passes the 60..3540 s check, then a 136-year hold throws.
        var r = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
            Wb.E("AirSync:SyncKey", "1"), Wb.E("AirSync:CollectionId", inbox))), Wb.E("AirSync:Wait", "71582790")));
        // MS-ASCMD 2.2.3.198 / 2.2.3.177.17: a Wait outside the bounds is Status 14 with the Limit.
        Assert.Equal("14", r.TopStatus);
    }

    [Fact]
    public async Task ASyncRequestTooLargeToCacheIsAProtocolErrorNotAnException()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "0"));
        // 4.3 MB of Class text in a collection: the cached request exceeds the store's 4 MB state value.
        var r = await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "1", Wb.E("AirSync:Class", new string('x', 4_300_000))));
        Assert.NotEqual("111", r.TopStatus);
        device.Version = "12.1";
        var old = await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "1", Wb.E("AirSync:Class", new string('x', 4_300_000))));
        Assert.NotEqual(HttpStatusCode.InternalServerError, old.Status);
    }

    [Fact]
    public async Task AMessageWithANulInItsBodyDoesNotBreakSyncOfItsFolder()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "0"));
        var mime = "From: carol@example.com\r\nTo: alice@bourse.test\r\nSubject: nul\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n" +
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\nbefore=00after\r\n";
        Assert.True((await _server.Delivery.DeliverAsync("alice@bourse.test", Encoding.ASCII.GetBytes(mime))).IsDelivered);
        var r = await device.SendRawAsync("Sync", new ByteArrayContent(WbxmlEncoder.Encode(FuzzHost.SyncRequest(inbox, "1"))) { Headers = { ContentType = new("application/vnd.ms-sync.wbxml") } });
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("1", r.Root!.Find("AirSync:Collection")!.Value("AirSync:Status"));
        Assert.NotNull(r.Root!.Find("AirSync:Add"));
    }

    [Codec.LibWbxmlFact]
    public async Task ControlCharactersInABodyStayReadableAsXml()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "0"));
        var mime = "From: carol@example.com\r\nTo: alice@bourse.test\r\nSubject: ctl\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n" +
                   "Content-Transfer-Encoding: quoted-printable\r\n\r\nbefore=01=0Bafter\r\n";
        Assert.True((await _server.Delivery.DeliverAsync("alice@bourse.test", Encoding.ASCII.GetBytes(mime))).IsDelivered);
        var r = await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "1"));
        // XML 1.0 2.2: U+0001 and U+000B are not characters; clients that turn WBXML into XML (libwbxml2) refuse the answer.
        Codec.LibWbxml.WbxmlToXml(r.Body);
    }

    [Fact]
    public async Task ASyncAskingForMoreFetchesThanTheCapIsAProtocolError()
    {
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        await _server.DeliverAsync("alice", "fetch me");
        await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "0"));
        var first = await device.SendAsync("Sync", FuzzHost.SyncRequest(inbox, "1"));
        var serverId = first.Root!.Find("AirSync:Add")!.Value("AirSync:ServerId")!;
        var key = first.Root!.Find("AirSync:Collection")!.Value("AirSync:SyncKey")!;
        var fetches = Enumerable.Range(0, Bourse.ActiveSync.Handlers.SyncRequest.MaxFetches + 1)
            .Select(_ => Wb.E("AirSync:Fetch", Wb.E("AirSync:ServerId", serverId))).ToList();
        var r = await device.SendAsync("Sync", Wb.E("AirSync:Sync", Wb.E("AirSync:Collections", Wb.E("AirSync:Collection",
            Wb.E("AirSync:SyncKey", key), Wb.E("AirSync:CollectionId", inbox), Wb.E("AirSync:Commands", fetches)))));
        Assert.Equal("4", r.TopStatus);
    }
}
