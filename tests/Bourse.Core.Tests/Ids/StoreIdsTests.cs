using Bourse.Core.Ids;

namespace Bourse.Core.Tests.Ids;

public sealed class StoreIdsTests
{
    private static readonly MailboxId Mailbox = new(new Guid("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));

    [Fact]
    public void OpaqueIdsRoundTripAndKeepTheirKind()
    {
        var folder = StoreIds.Encode(Mailbox, new FolderId(42));
        var item = StoreIds.Encode(Mailbox, new ItemId(0xABCDEF123456));

        Assert.True(StoreIds.TryDecodeFolder(folder, out var mb, out var f));
        Assert.Equal(Mailbox, mb);
        Assert.Equal(42, f.Value);
        Assert.True(StoreIds.TryDecodeItem(item, out mb, out var i));
        Assert.Equal(0xABCDEF123456, i.Value);

        Assert.False(StoreIds.TryDecodeItem(folder, out _, out _));
        Assert.False(StoreIds.TryDecodeFolder(item, out _, out _));
        Assert.DoesNotContain('+', item);
        Assert.DoesNotContain('/', item);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("AAAA")]
    [InlineData("AQEPHi08S1ppeIeWpbTD0uHwAAAAAAAAAAAA")]
    public void MalformedIdsAreRefusedWithoutThrowing(string? text) => Assert.False(StoreIds.TryDecode(text, out _, out _, out _));

    [Fact]
    public void MapiIdsPutTheReplicaFirstAndTheCounterBigEndian()
    {
        var id = StoreIds.ToMapiId(0x0000_0000_0102);
        var bytes = BitConverter.GetBytes(id);
        Assert.Equal(new byte[] { 0x01, 0x00, 0, 0, 0, 0, 0x01, 0x02 }, bytes);
        Assert.Equal(0x102, StoreIds.FromMapiId(id, out var repl));
        Assert.Equal(StoreIds.LocalReplicaId, repl);
    }

    [Fact]
    public void ChangeKeysAreXidsOfTheReplicaAndChangeNumber()
    {
        var key = new ChangeKey(Mailbox.Value, 0x010203);
        var bytes = key.ToBytes();
        Assert.Equal(22, bytes.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 1, 2, 3 }, bytes[16..]);
        Assert.True(ChangeKey.TryParseBase64(key.ToBase64(), out var back));
        Assert.Equal(key, back);
        Assert.False(ChangeKey.TryParseBase64("AAAA", out _));
        Assert.False(ChangeKey.TryParseBase64("%%%", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChangeKey(Guid.Empty, 1L << 48).ToBytes());
    }
}
