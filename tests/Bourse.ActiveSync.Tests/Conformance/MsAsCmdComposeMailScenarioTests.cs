using System.Globalization;
using System.Net;
using System.Text;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Storage;
using MimeKit;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>The SmartForward (S17) scenarios of Microsoft's MS-ASCMD test suite not already covered, replayed over HTTPS.</summary>
public sealed class MsAsCmdComposeMailScenarioTests : IAsyncLifetime
{
    private const string Domain = EasTestServer.Domain;

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    [Trait("Scenario", "MSASCMD_S17_TC07_SmartForward_ReplaceMime")]
    public async Task WithReplaceMimeNeitherTheOriginalBodyNorItsAttachmentIsForwarded()
    {
        var payload = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var original = $"From: Bob <bob@{Domain}>\r\nTo: alice@{Domain}\r\nSubject: With attachment\r\nMessage-ID: <rm-1@{Domain}>\r\nMIME-Version: 1.0\r\n" +
                       "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe original body text.\r\n" +
                       $"--b\r\nContent-Type: application/octet-stream; name=\"n.bin\"\r\nContent-Disposition: attachment; filename=\"n.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(payload)}\r\n--b--\r\n";
        Assert.True((await _server.Delivery.DeliverAsync($"alice@{Domain}", Encoding.UTF8.GetBytes(original))).IsDelivered);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inbox = (await _server.Store.GetWellKnownFolderAsync(alice, WellKnownFolder.Inbox))!.Id;
        var item = (await _server.Store.ListItemsAsync(alice, inbox, new ItemQuery())).Items.Single().Id;

        using var device = await _server.DeviceAsync();
        var forward = $"From: alice@{Domain}\r\nTo: bob@{Domain}\r\nSubject: FW:With attachment\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nMy own text only.\r\n";
        var r = await device.SendAsync("SmartForward", Wb.E("ComposeMail:SmartForward", Wb.E("ComposeMail:ClientId", "rm-forward-1"),
            Wb.E("ComposeMail:Source", Wb.E("ComposeMail:FolderId", inbox.Value.ToString(CultureInfo.InvariantCulture)),
                Wb.E("ComposeMail:ItemId", ServerIds.Format(inbox, item))),
            Wb.E("ComposeMail:ReplaceMime"), Wb.E("ComposeMail:Mime", Encoding.UTF8.GetBytes(forward))));
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Empty(r.Body);

        var bob = (await _server.UserAsync("bob")).MailboxId;
        var bobInbox = (await _server.Store.GetWellKnownFolderAsync(bob, WellKnownFolder.Inbox))!.Id;
        var received = (await _server.Store.ListItemsAsync(bob, bobInbox, new ItemQuery())).Items.Single().Id;
        await using var stream = (await _server.Store.OpenMimeAsync(bob, received))!;
        var mime = await MimeMessage.LoadAsync(stream);
        Assert.Equal("FW:With attachment", mime.Subject);
        Assert.Contains("My own text only.", mime.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("The original body text.", mime.TextBody, StringComparison.Ordinal);
        Assert.Empty(mime.Attachments);
    }
}
