using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Codec;

public sealed class WbxmlCodecTests
{
    public static TheoryData<byte, byte> AllTags()
    {
        var data = new TheoryData<byte, byte>();
        foreach (var page in WbxmlCodePages.All)
        {
            foreach (var tag in page.Tags)
            {
                data.Add(page.Number, tag.Value);
            }
        }

        return data;
    }

    [Fact]
    public void TablesCoverCodePagesZeroToTwentyFiveWithSpecNamespaces()
    {
        string[] expected =
        [
            "AirSync", "Contacts", "Email", "AirNotify", "Calendar", "Move", "GetItemEstimate", "FolderHierarchy",
            "MeetingResponse", "Tasks", "ResolveRecipients", "ValidateCert", "Contacts2", "Ping", "Provision", "Search",
            "GAL", "AirSyncBase", "Settings", "DocumentLibrary", "ItemOperations", "ComposeMail", "Email2", "Notes",
            "RightsManagement", "Find",
        ];
        Assert.Equal(expected, WbxmlCodePages.All.Select(p => p.Namespace));
        Assert.All(WbxmlCodePages.All, p => Assert.Equal(p, WbxmlCodePages.Get(p.Number)));
        Assert.Null(WbxmlCodePages.Get(26));
    }

    [Theory]
    [MemberData(nameof(AllTags))]
    public void EveryTagRoundTripsEmptyWithTextAndNested(byte pageNumber, byte token)
    {
        var page = WbxmlCodePages.Get(pageNumber)!;
        var name = page.GetName(token)!;

        var empty = new WbxmlElement(page.Namespace, name);
        var bytes = WbxmlEncoder.Encode(empty);
        byte[] expected = pageNumber == 0 ? [3, 1, 0x6A, 0, token] : [3, 1, 0x6A, 0, 0, pageNumber, token];
        Assert.Equal(expected, bytes);
        AssertRoundTrips(empty);

        AssertRoundTrips(new WbxmlElement(page.Namespace, name, "välue"));
        AssertRoundTrips(new WbxmlElement("AirSync", "Sync", new WbxmlElement(page.Namespace, name, "x"), new WbxmlElement("AirSync", "Status", "1")));
    }

    [Fact]
    public void EncoderSwitchesPageOnlyWhenThePageChanges()
    {
        var root = new WbxmlElement("AirSync", "Sync",
            new WbxmlElement("AirSync", "Collections",
                new WbxmlElement("AirSync", "Collection",
                    new WbxmlElement("AirSync", "Options",
                        new WbxmlElement("AirSyncBase", "BodyPreference",
                            new WbxmlElement("AirSyncBase", "Type", "2"),
                            new WbxmlElement("AirSyncBase", "TruncationSize", "5120")),
                        new WbxmlElement("AirSync", "MIMESupport", "0")))));
        var bytes = WbxmlEncoder.Encode(root);
        Assert.Equal(
            new byte[]
            {
                3, 1, 0x6A, 0, 0x45, 0x5C, 0x4F, 0x57, 0x00, 17, 0x45, 0x46, 0x03, (byte)'2', 0x00, 0x01, 0x47, 0x03,
                (byte)'5', (byte)'1', (byte)'2', (byte)'0', 0x00, 0x01, 0x01, 0x00, 0x00, 0x62, 0x03, (byte)'0', 0x00,
                0x01, 0x01, 0x01, 0x01, 0x01,
            },
            bytes);
        AssertRoundTrips(root);
    }

    [Fact]
    public void OpaqueContentIsEncodedAsOpaqueAndDecodedToBytes()
    {
        var mime = new byte[300];
        new Random(7).NextBytes(mime);
        var root = new WbxmlElement("ComposeMail", "SendMail",
            new WbxmlElement("ComposeMail", "ClientId", "1"),
            new WbxmlElement("ComposeMail", "SaveInSentItems"),
            new WbxmlElement("ComposeMail", "Mime") { Opaque = mime });
        var bytes = WbxmlEncoder.Encode(root);
        var at = bytes.AsSpan().IndexOf(new byte[] { 0x50, 0xC3, 0x82, 0x2C });
        Assert.True(at > 0, "Mime is written as OPAQUE with a two-byte mb_u_int32 length (300 = 0x82 0x2C)");
        var decoded = AssertRoundTrips(root);
        Assert.Equal(mime, decoded.Element("ComposeMail", "Mime")!.Opaque);
    }

    [Fact]
    public void ContentBitWithImmediateEndDecodesAsEmptyElement()
    {
        var result = WbxmlDecoder.Decode([3, 1, 0x6A, 0, 0x45, 0x01]);
        Assert.True(result.Success);
        Assert.True(result.Root!.IsEmpty);
        Assert.Equal("Sync", result.Root.Name);
    }

    [Fact]
    public void MultiByteIntegersAcceptFiveBytesAndRejectOverflow()
    {
        Assert.Equal(WbxmlError.None, Read([0x8F, 0xFF, 0xFF, 0xFF, 0x7F], out var max));
        Assert.Equal(uint.MaxValue, max);
        Assert.Equal(WbxmlError.IntegerOverflow, Read([0x90, 0x80, 0x80, 0x80, 0x00], out _));
        Assert.Equal(WbxmlError.IntegerOverflow, Read([0x80, 0x80, 0x80, 0x80, 0x80, 0x00], out _));
        Assert.Equal(WbxmlError.Truncated, Read([0x81, 0x80], out _));
        Assert.Equal(WbxmlError.None, Read([0x82, 0x2C], out var v));
        Assert.Equal(300u, v);

        static WbxmlError Read(byte[] data, out uint value)
        {
            var pos = 0;
            return WbxmlDecoder.ReadMultiByte(data, ref pos, out value);
        }
    }

    [Fact]
    public void EncoderRejectsMixedContentAndNulInText()
    {
        var mixed = new WbxmlElement("AirSync", "Sync", new WbxmlElement("AirSync", "Status", "1")) { Text = "x" };
        Assert.Throws<InvalidOperationException>(() => WbxmlEncoder.Encode(mixed));
        Assert.Throws<InvalidOperationException>(() => WbxmlEncoder.Encode(new WbxmlElement("AirSync", "Status", "a\0b")));
        Assert.Throws<ArgumentException>(() => new WbxmlElement("AirSync", "NoSuchTag"));
        Assert.Throws<ArgumentException>(() => new WbxmlElement("NoSuchPage", "Sync"));
    }

    internal static WbxmlElement AssertRoundTrips(WbxmlElement element)
    {
        var bytes = WbxmlEncoder.Encode(element);
        var result = WbxmlDecoder.Decode(bytes);
        Assert.True(result.Success, $"{result.Error} at {result.Offset}");
        Assert.True(element.StructurallyEquals(result.Root!), $"expected {element}\nactual   {result.Root}");
        Assert.Equal(bytes, WbxmlEncoder.Encode(result.Root!));
        return result.Root!;
    }
}
