using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Tests.Codec;

public sealed class WbxmlDecoderRejectionTests
{
    internal static IEnumerable<WbxmlElement> ValidDocuments()
    {
        yield return new WbxmlElement("FolderHierarchy", "FolderSync", new WbxmlElement("FolderHierarchy", "SyncKey", "0"));
        yield return new WbxmlElement("AirSync", "Sync",
            new WbxmlElement("AirSync", "Collections",
                new WbxmlElement("AirSync", "Collection",
                    new WbxmlElement("AirSync", "SyncKey", "{5a7b0b3c-8d5e-4f1a-9a43-1c2d3e4f5a6b}1"),
                    new WbxmlElement("AirSync", "CollectionId", "7"),
                    new WbxmlElement("AirSync", "GetChanges"),
                    new WbxmlElement("AirSync", "Options",
                        new WbxmlElement("AirSyncBase", "BodyPreference",
                            new WbxmlElement("AirSyncBase", "Type", "2"),
                            new WbxmlElement("AirSyncBase", "TruncationSize", "51200"))),
                    new WbxmlElement("AirSync", "Commands",
                        new WbxmlElement("AirSync", "Change",
                            new WbxmlElement("AirSync", "ServerId", "7:42"),
                            new WbxmlElement("AirSync", "ApplicationData", new WbxmlElement("Email", "Read", "1")))))));
        yield return new WbxmlElement("ComposeMail", "SendMail",
            new WbxmlElement("ComposeMail", "ClientId", "c-1"),
            new WbxmlElement("ComposeMail", "SaveInSentItems"),
            new WbxmlElement("ComposeMail", "Mime") { Opaque = new byte[200] });
        yield return new WbxmlElement("Ping", "Ping",
            new WbxmlElement("Ping", "HeartbeatInterval", "480"),
            new WbxmlElement("Ping", "Folders",
                new WbxmlElement("Ping", "Folder", new WbxmlElement("Ping", "Id", "1"), new WbxmlElement("Ping", "Class", "Email"))));
    }

    [Fact]
    public void EveryProperPrefixOfValidDocumentsIsRejectedAsTruncated()
    {
        var checkedPrefixes = 0;
        foreach (var document in ValidDocuments())
        {
            var bytes = WbxmlEncoder.Encode(document);
            Assert.True(WbxmlDecoder.Decode(bytes).Success);
            for (var length = 0; length < bytes.Length; length++)
            {
                var result = WbxmlDecoder.Decode(bytes.AsSpan(0, length));
                Assert.True(result.Error == WbxmlError.Truncated, $"prefix {length}/{bytes.Length}: {result.Error} at {result.Offset}");
                Assert.Null(result.Root);
                checkedPrefixes++;
            }
        }

        Assert.True(checkedPrefixes > 300);
    }

    public static TheoryData<string, int> MalformedDocuments() => new()
    {
        { "", (int)WbxmlError.Truncated },
        { "02 01 6A 00 45 01", (int)WbxmlError.UnsupportedVersion },
        { "01 01 6A 00 45 01", (int)WbxmlError.UnsupportedVersion },
        { "03 00 00 6A 00 45 01", (int)WbxmlError.UnsupportedPublicId },
        { "03 05 6A 00 45 01", (int)WbxmlError.UnsupportedPublicId },
        { "03 01 04 00 45 01", (int)WbxmlError.UnsupportedCharset },
        { "03 01 6A 03 41 42 00 45 01", (int)WbxmlError.StringTableNotAllowed },
        { "03 01 6A 00 00 1A 45 01", (int)WbxmlError.UnknownCodePage },
        { "03 01 6A 00 00 FF 45 01", (int)WbxmlError.UnknownCodePage },
        { "03 01 6A 00 7F", (int)WbxmlError.UnknownTag },
        { "03 01 6A 00 45 6A 01", (int)WbxmlError.UnknownTag },
        { "03 01 6A 00 00 05 4D 01", (int)WbxmlError.UnknownTag },
        { "03 01 6A 00 C5 01 01", (int)WbxmlError.AttributesNotAllowed },
        { "03 01 6A 00 85", (int)WbxmlError.AttributesNotAllowed },
        { "03 01 6A 00 04 00", (int)WbxmlError.LiteralTagNotAllowed },
        { "03 01 6A 00 45 44 00 01 01", (int)WbxmlError.LiteralTagNotAllowed },
        { "03 01 6A 00 45 84 00 01", (int)WbxmlError.LiteralTagNotAllowed },
        { "03 01 6A 00 45 C4 00 01", (int)WbxmlError.LiteralTagNotAllowed },
        { "03 01 6A 00 45 4E 83 00 01 01", (int)WbxmlError.StringTableReferenceNotAllowed },
        { "03 01 6A 00 45 4E 02 41 01 01", (int)WbxmlError.EntityNotAllowed },
        { "03 01 6A 00 45 40 41 00 01", (int)WbxmlError.ExtensionNotAllowed },
        { "03 01 6A 00 45 80 01 01", (int)WbxmlError.ExtensionNotAllowed },
        { "03 01 6A 00 45 C0 01", (int)WbxmlError.ExtensionNotAllowed },
        { "03 01 6A 00 45 43 01", (int)WbxmlError.ProcessingInstructionNotAllowed },
        { "03 01 6A 00 45 4E C3 8F FF FF FF FF 7F 01 01", (int)WbxmlError.IntegerOverflow },
        { "03 01 6A 00 45 4E 03 C3 28 00 01 01", (int)WbxmlError.InvalidUtf8 },
        { "03 01 6A 00 45 4E 03 ED A0 80 00 01 01", (int)WbxmlError.InvalidUtf8 },
        { "03 01 6A 00 45 03 31 00 4E 01 01", (int)WbxmlError.MixedContent },
        { "03 01 6A 00 45 4E 01 03 31 00 01", (int)WbxmlError.MixedContent },
        { "03 01 6A 00 45 4E 03 31 00 C3 01 41 01 01", (int)WbxmlError.MixedContent },
        { "03 01 6A 00 03 31 00 45 01", (int)WbxmlError.ContentOutsideRoot },
        { "03 01 6A 00 01", (int)WbxmlError.ContentOutsideRoot },
        { "03 01 6A 00 C3 01 41 45 01", (int)WbxmlError.ContentOutsideRoot },
        { "03 01 6A 00 45 01 45 01", (int)WbxmlError.TrailingData },
        { "03 01 6A 00 45 01 00", (int)WbxmlError.TrailingData },
        { "03 01 6A 00 05 05", (int)WbxmlError.TrailingData },
        { "03 01 6A 00 45 4E C3 05 41 01", (int)WbxmlError.Truncated },
        { "03 01 6A 00 45 4E 03 31", (int)WbxmlError.Truncated },
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public void MalformedDocumentMapsToItsReason(string hex, int expectedCode)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var result = WbxmlDecoder.Decode(bytes);
        Assert.Equal((WbxmlError)expectedCode, result.Error);
        Assert.Null(result.Root);
        Assert.InRange(result.Offset, 0, bytes.Length);
    }

    [Fact]
    public void NestingBeyondTheDepthLimitIsRejected()
    {
        var ok = Nested(64);
        Assert.True(WbxmlDecoder.Decode(ok).Success);
        Assert.Equal(WbxmlError.TooDeep, WbxmlDecoder.Decode(Nested(65)).Error);
        Assert.Equal(WbxmlError.TooDeep, WbxmlDecoder.Decode(Nested(100_000)).Error);
        Assert.Equal(WbxmlError.TooDeep, WbxmlDecoder.Decode(Nested(5), new WbxmlLimits { MaxDepth = 4 }).Error);

        static byte[] Nested(int depth)
        {
            var bytes = new List<byte> { 3, 1, 0x6A, 0 };
            bytes.AddRange(Enumerable.Repeat((byte)0x45, depth));
            bytes.AddRange(Enumerable.Repeat((byte)0x01, depth));
            return [.. bytes];
        }
    }

    [Fact]
    public void OverLongDocumentsAndTooManyElementsAreRejected()
    {
        var bytes = WbxmlEncoder.Encode(ValidDocuments().First());
        Assert.Equal(WbxmlError.TooLarge, WbxmlDecoder.Decode(bytes, new WbxmlLimits { MaxDocumentBytes = bytes.Length - 1 }).Error);
        Assert.True(WbxmlDecoder.Decode(bytes, new WbxmlLimits { MaxDocumentBytes = bytes.Length }).Success);

        var wide = new List<byte> { 3, 1, 0x6A, 0, 0x45 };
        wide.AddRange(Enumerable.Repeat((byte)0x0E, 1000));
        wide.Add(0x01);
        Assert.True(WbxmlDecoder.Decode(wide.ToArray()).Success);
        Assert.Equal(WbxmlError.TooManyElements, WbxmlDecoder.Decode(wide.ToArray(), new WbxmlLimits { MaxElements = 1000 }).Error);
    }

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        // Fixed seed: a failure here reproduces exactly.
        var random = new Random(20261127);
        var seeds = ValidDocuments().Select(WbxmlEncoder.Encode).ToArray();
        var outcomes = new Dictionary<WbxmlError, int>();
        for (var i = 0; i < 60_000; i++)
        {
            var bytes = (byte[])seeds[i % seeds.Length].Clone();
            var mutations = 1 + random.Next(4);
            for (var m = 0; m < mutations; m++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 2:
                        bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
                        if (bytes.Length == 0)
                        {
                            bytes = [3];
                        }

                        break;
                    default:
                        var at = random.Next(bytes.Length);
                        bytes = [.. bytes.AsSpan(0, at), (byte)random.Next(256), .. bytes.AsSpan(at)];
                        break;
                }
            }

            WbxmlDecodeResult result;
            try
            {
                result = WbxmlDecoder.Decode(bytes);
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i}: {Convert.ToHexString(bytes)} threw {ex}");
                throw;
            }

            Assert.Equal(result.Success, result.Root is not null);
            if (result.Success)
            {
                // Whatever decodes must re-encode and decode to the same tree.
                WbxmlCodecTests.AssertRoundTrips(result.Root!);
            }

            outcomes[result.Error] = outcomes.GetValueOrDefault(result.Error) + 1;
        }

        Assert.True(outcomes.Count >= 8, string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}")));
    }
}
