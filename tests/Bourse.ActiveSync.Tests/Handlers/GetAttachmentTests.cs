using System.Net;
using System.Text;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Storage;

namespace Bourse.ActiveSync.Tests.Handlers;

/// GetAttachment (MS-ASCMD 2.2.1.8, protocol 12.x) over HTTPS: the raw bytes with the attachment's Content-Type, 404 for
/// anything that is not one of the caller's attachments, and not served to 14.0 and later.
public sealed class GetAttachmentTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;
    private static readonly byte[] Payload = Enumerable.Range(0, 2500).Select(i => (byte)(255 - (i % 251))).ToArray();

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S06_TC01_GetAttachment_Success")]
    [Trait("Scenario", "MSASHTTP_S01_TC04_CommandParameter_AttachmentName_PlainText")]
    public async Task TheAttachmentComesRawWithItsContentType()
    {
        var reference = await DeliverWithAttachmentAsync("alice");
        using var device = await OldDeviceAsync();
        var r = await device.SendRawAsync("GetAttachment", new ByteArrayContent([]), $"&AttachmentName={Uri.EscapeDataString(reference)}");
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Equal("application/pdf", r.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Payload, r.Body);
    }

    [Fact]
    public async Task UnknownMalformedOrAnotherUsersAttachmentsAre404()
    {
        var bobs = await DeliverWithAttachmentAsync("bob");
        Assert.True(FileReferences.TryParse(bobs, out var bobItem, out _));
        Assert.Null(await _server.Store.GetItemAsync((await _server.UserAsync("alice")).MailboxId, bobItem));
        using var device = await OldDeviceAsync();
        foreach (var name in new[] { bobs, "garbage", "1:0", "", "99999999:0" })
        {
            var r = await device.SendRawAsync("GetAttachment", new ByteArrayContent([]), $"&AttachmentName={Uri.EscapeDataString(name)}");
            Assert.Equal(HttpStatusCode.NotFound, r.Status);
            Assert.Empty(r.Body);
        }
    }

    [Fact]
    public async Task ProtocolFourteenAndLaterUseItemOperationsInstead()
    {
        var reference = await DeliverWithAttachmentAsync("alice");
        using var device = await _server.DeviceAsync();
        var r = await device.SendRawAsync("GetAttachment", new ByteArrayContent([]), $"&AttachmentName={Uri.EscapeDataString(reference)}");
        Assert.Equal(HttpStatusCode.NotImplemented, r.Status);
        Assert.Empty(r.Body);
    }

    private async Task<EasDevice> OldDeviceAsync()
    {
        var device = await _server.DeviceAsync();
        device.Version = "12.1";
        return device;
    }

    private async Task<string> DeliverWithAttachmentAsync(string user)
    {
        var b64 = Convert.ToBase64String(Payload, Base64FormattingOptions.InsertLineBreaks);
        var mime = $"From: Carol <carol@example.com>\r\nTo: {user}@{Domain}\r\nSubject: Report\r\nMIME-Version: 1.0\r\n" +
                   "Content-Type: multipart/mixed; boundary=\"qq\"\r\n\r\n--qq\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n" +
                   $"--qq\r\nContent-Type: application/pdf; name=\"r.pdf\"\r\nContent-Disposition: attachment; filename=\"r.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--qq--\r\n";
        Assert.True((await _server.Delivery.DeliverAsync($"{user}@{Domain}", Encoding.UTF8.GetBytes(mime))).IsDelivered);
        var mailbox = (await _server.UserAsync(user)).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Inbox))!.Id;
        var item = (await _server.Store.GetItemAsync(mailbox, (await _server.Store.ListItemsAsync(mailbox, inbox, new ItemQuery())).Items[0].Id))!;
        return FileReferences.Format(item.Id, Assert.Single(item.Attachments).Number);
    }
}
