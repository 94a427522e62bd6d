using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.Mailbox.Tests.Delivery;

public sealed class MailDeliveryTests : IAsyncLifetime
{
    private MailboxTestEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await MailboxTestEnvironment.CreateAsync(
        new MailDeliveryOptions { ServerName = "mail.example.com", MaxMessageBytes = 64 * 1024 });

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private static byte[] Message(string subject = "Hello", string extra = "") => TestMime.Crlf($"""
        From: Zed External <zed@elsewhere.test>
        To: bob@example.com
        Subject: {subject}
        Date: Tue, 4 Mar 2025 09:00:00 +0000
        Message-ID: <{Guid.NewGuid():N}@elsewhere.test>
        {extra}
        body of {subject}
        """);

    [Fact]
    public async Task DeliveryToPrimaryAddressCreatesMailboxAndStoresUnreadItemInInbox()
    {
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Bob.MailboxId));
        var mime = Message();

        var result = await _env.Delivery.DeliverAsync("bob@example.com", mime);

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var delivered = Assert.Single(result.Mailboxes);
        Assert.Equal(_env.Bob.MailboxId, delivered.Mailbox);
        Assert.NotNull(await _env.Store.GetMailboxAsync(_env.Bob.MailboxId));

        var item = await _env.Store.GetItemAsync(_env.Bob.MailboxId, delivered.ItemId!.Value);
        Assert.NotNull(item);
        var inbox = await _env.Store.GetWellKnownFolderAsync(_env.Bob.MailboxId, WellKnownFolder.Inbox);
        Assert.Equal(inbox!.Id, item.FolderId);
        Assert.False(item.IsRead);
        Assert.Equal("Hello", item.Subject);
        Assert.Equal(MailboxTestEnvironment.Now.UtcDateTime, item.ReceivedUtc);
        Assert.Equal("Bob Baker", item.Properties.GetString(PropTags.ReceivedByName));
        Assert.Equal("bob@example.com", item.Properties.GetString(PropTags.ReceivedBySmtpAddress));
        Assert.Equal("zed@elsewhere.test", item.Properties.GetString(PropTags.SenderSmtpAddress));
        Assert.True(item.HasMime);
        Assert.Equal(mime, await _env.ReadMimeAsync(_env.Bob.MailboxId, item.Id));
    }

    [Theory]
    [InlineData("robert@example.com")]
    [InlineData("ROBERT@Example.COM")]
    [InlineData("<Bob@EXAMPLE.com>")]
    public async Task AliasAndCaseDoNotMatter(string address)
    {
        var result = await _env.Delivery.DeliverAsync(address, Message());
        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        Assert.Equal(_env.Bob.MailboxId, Assert.Single(result.Mailboxes).Mailbox);
        Assert.Single(await _env.ListAsync(_env.Bob.MailboxId, WellKnownFolder.Inbox));
    }

    [Fact]
    public async Task GroupDeliveryReachesEveryMemberOnceThroughNestedGroups()
    {
        // all@ = { team@ = { bob, carol }, dave, bob }.
        var result = await _env.Delivery.DeliverAsync("all@example.com", Message());

        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        Assert.Equal(3, result.ItemIds.Count);
        Assert.Equal(
            new[] { _env.Bob.MailboxId, _env.Carol.MailboxId, _env.Dave.MailboxId }.OrderBy(m => m.Value),
            result.Mailboxes.Select(m => m.Mailbox).OrderBy(m => m.Value));
        foreach (var user in new[] { _env.Bob, _env.Carol, _env.Dave })
            Assert.Single(await _env.ListAsync(user.MailboxId, WellKnownFolder.Inbox));
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Alice.MailboxId));
    }

    [Theory]
    [InlineData("nobody@example.com", DeliveryStatus.RecipientNotFound)]
    [InlineData("someone@elsewhere.test", DeliveryStatus.DomainNotAccepted)]
    [InlineData("not an address", DeliveryStatus.InvalidAddress)]
    [InlineData("", DeliveryStatus.InvalidAddress)]
    [InlineData("@example.com", DeliveryStatus.InvalidAddress)]
    public async Task UndeliverableAddressesWriteNothing(string address, DeliveryStatus expected)
    {
        var result = await _env.Delivery.DeliverAsync(address, Message());
        Assert.Equal(expected, result.Status);
        Assert.Empty(result.Mailboxes);
        foreach (var user in new[] { _env.Alice, _env.Bob, _env.Carol, _env.Dave })
            Assert.Null(await _env.Store.GetMailboxAsync(user.MailboxId));
    }

    [Fact]
    public async Task OversizedMessageIsRefusedAndNothingIsWritten()
    {
        var big = Message(extra: "X-Pad: " + new string('p', 70 * 1024) + "\n");
        var result = await _env.Delivery.DeliverAsync("bob@example.com", big);
        Assert.Equal(DeliveryStatus.MessageTooLarge, result.Status);
        Assert.Empty(result.ItemIds);
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Bob.MailboxId));
    }

    [Fact]
    public async Task StreamDeliveryStopsReadingAtTheLimit()
    {
        var stream = new CountingStream(new byte[10 * 1024 * 1024]);
        var result = await _env.Delivery.DeliverAsync("bob@example.com", stream);
        Assert.Equal(DeliveryStatus.MessageTooLarge, result.Status);
        Assert.True(stream.BytesRead <= 64 * 1024 + 1, $"read {stream.BytesRead} bytes");
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Bob.MailboxId));
    }

    [Fact]
    public async Task StreamDeliveryKeepsBytesExact()
    {
        var mime = Message("streamed");
        var result = await _env.Delivery.DeliverAsync("bob@example.com", new CountingStream(mime));
        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        Assert.Equal(mime, await _env.ReadMimeAsync(_env.Bob.MailboxId, result.ItemIds[0]));
    }

    [Fact]
    public async Task QuotaStateIsReusedOnlyForTheCacheTimeAndAMailboxRemovedMeanwhileIsNotRecreated()
    {
        Assert.Equal(DeliveryStatus.Delivered, (await _env.Delivery.DeliverAsync("bob@example.com", Message("first"))).Status);
        await _env.Store.SetQuotaAsync(_env.Bob.MailboxId, new MailboxQuota(ProhibitReceiveBytes: 1));
        // Within the cache time the old state is still used (one more message may land).
        Assert.Equal(DeliveryStatus.Delivered, (await _env.Delivery.DeliverAsync("bob@example.com", Message("second"))).Status);
        _env.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(DeliveryStatus.QuotaExceeded, (await _env.Delivery.DeliverAsync("bob@example.com", Message("third"))).Status);

        // A mailbox deleted while cached is reported unavailable, not silently re-created by the cached path.
        await _env.Store.SetQuotaAsync(_env.Bob.MailboxId, MailboxQuota.Unlimited);
        _env.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(DeliveryStatus.Delivered, (await _env.Delivery.DeliverAsync("bob@example.com", Message("fourth"))).Status);
        Assert.True(await _env.Store.DeleteMailboxAsync(_env.Bob.MailboxId));
        Assert.Equal(DeliveryStatus.MailboxUnavailable, (await _env.Delivery.DeliverAsync("bob@example.com", Message("fifth"))).Status);
        Assert.Null(await _env.Store.GetMailboxAsync(_env.Bob.MailboxId));
    }

    [Fact]
    public async Task MailboxOverReceiveQuotaRefusesAndNothingIsWritten()
    {
        Assert.Equal(DeliveryStatus.Delivered, (await _env.Delivery.DeliverAsync("bob@example.com", Message("first"))).Status);
        Assert.True((await _env.Store.SetQuotaAsync(_env.Bob.MailboxId, new MailboxQuota(ProhibitReceiveBytes: 1))).IsSuccess);
        // Delivery reuses a mailbox's quota state for MailboxInfoCacheTime (as Exchange caches quota); past it, the new quota holds.
        _env.Time.Advance(new MailDeliveryOptions().MailboxInfoCacheTime + TimeSpan.FromMilliseconds(1));
        var before = await _env.Store.GetMailboxAsync(_env.Bob.MailboxId);

        var result = await _env.Delivery.DeliverAsync("bob@example.com", Message("second"));

        Assert.Equal(DeliveryStatus.QuotaExceeded, result.Status);
        Assert.Equal(DeliveryStatus.QuotaExceeded, Assert.Single(result.Mailboxes).Status);
        var after = await _env.Store.GetMailboxAsync(_env.Bob.MailboxId);
        Assert.Equal(before!.ItemCount, after!.ItemCount);
        Assert.Equal(before.LastChangeNumber, after.LastChangeNumber);
        Assert.Equal(["first"], (await _env.ListAsync(_env.Bob.MailboxId, WellKnownFolder.Inbox)).Select(i => i.Subject));
    }

    [Fact]
    public async Task GroupWithOneFullMailboxIsPartiallyDelivered()
    {
        await _env.Operations.EnsureMailboxAsync(_env.Carol);
        await _env.Store.SetQuotaAsync(_env.Carol.MailboxId, new MailboxQuota(ProhibitReceiveBytes: 0));
        var result = await _env.Delivery.DeliverAsync("team@example.com", Message());
        Assert.Equal(DeliveryStatus.PartiallyDelivered, result.Status);
        Assert.Equal(DeliveryStatus.QuotaExceeded, result.Mailboxes.Single(m => m.Mailbox == _env.Carol.MailboxId).Status);
        Assert.Equal(DeliveryStatus.Delivered, result.Mailboxes.Single(m => m.Mailbox == _env.Bob.MailboxId).Status);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0, 0, 0, 255, 254, 13, 10, 13, 10 })]
    [InlineData(new byte[] { (byte)'S', (byte)'u', (byte)'b', (byte)'j', (byte)'e', (byte)'c', (byte)'t', (byte)':', (byte)' ', 0xE9 })]
    public async Task GarbageIsStillDeliveredByteExact(byte[] mime)
    {
        var result = await _env.Delivery.DeliverAsync("bob@example.com", mime);
        Assert.Equal(DeliveryStatus.Delivered, result.Status);
        var item = await _env.Store.GetItemAsync(_env.Bob.MailboxId, result.ItemIds[0]);
        Assert.Equal("IPM.Note", item!.MessageClass);
        if (mime.Length > 0)
            Assert.Equal(mime, await _env.ReadMimeAsync(_env.Bob.MailboxId, item.Id));
    }

    [Fact]
    public async Task DeliveredItemIsFoundBySearch()
    {
        await _env.Delivery.DeliverAsync("bob@example.com", Message("Invoice", "\nPlease pay the zanzibar invoice.\n"));
        var page = await _env.Store.SearchAsync(_env.Bob.MailboxId, new SearchQuery("zanzibar"));
        Assert.Equal("Invoice", Assert.Single(page.Items).Subject);
    }

    /// <summary>A non-seekable stream that counts what was read from it.</summary>
    private sealed class CountingStream(byte[] data) : Stream
    {
        private int _pos;
        public long BytesRead => _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
