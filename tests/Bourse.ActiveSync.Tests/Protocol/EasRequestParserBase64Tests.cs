using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Tests.Protocol;

public sealed class EasRequestParserBase64Tests
{
    private static readonly Dictionary<string, string> NoHeaders = [];

    private static EasBase64Request SmartReply() =>
        EasBase64Request.Header(141, 3, 0x0409, "ABC123", 0xDEADBEEF, "iPhone")
            .Parameter(1, "5")
            .Parameter(3, "5:17")
            .Parameter(6, "2026-01-05T10:00:00Z")
            .Parameter(7, [0x01])
            .Parameter(8, "alice@example.com");

    [Fact]
    public void SpecExampleDecodesToSyncFromV140Device()
    {
        // MS-ASHTTP 2.2.1.1.1.1: "/Microsoft-Server-ActiveSync?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l".
        var result = EasRequestParser.Parse("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l", NoHeaders);

        Assert.True(result.Success, result.Error.ToString());
        var line = result.Line!;
        Assert.Equal(EasQueryForm.Base64, line.Form);
        Assert.Equal(EasCommand.Sync, line.Command);
        Assert.Equal(EasProtocolVersion.V14_0, line.ProtocolVersion);
        Assert.Equal((ushort)0x0409, line.Locale);
        Assert.Equal("v140Device", line.DeviceId);
        Assert.Equal("SmartPhone", line.DeviceType);
        Assert.Null(line.PolicyKey);
        Assert.Null(line.User);
        Assert.Equal(EasRequestParameters.None, line.Parameters);
    }

    [Fact]
    public void SpecExampleMatchesItsPlainTextTwin()
    {
        // MS-ASHTTP 2.2.1.1.1: the two example request lines are equivalent.
        var plain = EasRequestParser.Parse(
            "Cmd=Sync&User=rmjones&DeviceId=v140Device&DeviceType=SmartPhone",
            new Dictionary<string, string> { ["MS-ASProtocolVersion"] = "14.0" });
        var base64 = EasRequestParser.Parse("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l", NoHeaders);

        Assert.True(plain.Success);
        Assert.Equal(plain.Line!.Command, base64.Line!.Command);
        Assert.Equal(plain.Line.DeviceId, base64.Line.DeviceId);
        Assert.Equal(plain.Line.DeviceType, base64.Line.DeviceType);
        Assert.Equal(plain.Line.ProtocolVersion, base64.Line.ProtocolVersion);
    }

    [Fact]
    public void ParametersRoundTrip()
    {
        var result = EasRequestParser.Parse(SmartReply().ToQuery(), NoHeaders);

        Assert.True(result.Success, result.Error.ToString());
        var line = result.Line!;
        Assert.Equal(EasCommand.SmartReply, line.Command);
        Assert.Equal(EasProtocolVersion.V14_1, line.ProtocolVersion);
        Assert.Equal(0xDEADBEEFu, line.PolicyKey);
        Assert.Equal("alice@example.com", line.User);
        Assert.Equal(new EasRequestParameters
        {
            CollectionId = "5",
            ItemId = "5:17",
            Occurrence = "2026-01-05T10:00:00Z",
            SaveInSent = true,
        }, line.Parameters);
    }

    [Fact]
    public void AttachmentNameLongIdAndAcceptMultiPartRoundTrip()
    {
        var query = EasBase64Request.Header(161, 4, 0x0407, "dev1", null, "Android")
            .Parameter(0, "7:3:0")
            .Parameter(4, "RgAAAAB")
            .Parameter(7, [0x03])
            .ToQuery();

        var line = EasRequestParser.Parse(query, NoHeaders).Line!;

        Assert.Equal(EasCommand.GetAttachment, line.Command);
        Assert.Equal(EasProtocolVersion.V16_1, line.ProtocolVersion);
        Assert.Equal("7:3:0", line.Parameters.AttachmentName);
        Assert.Equal("RgAAAAB", line.Parameters.LongId);
        Assert.True(line.Parameters.SaveInSent);
        Assert.True(line.Parameters.AcceptMultiPart);
    }

    [Theory]
    [InlineData(0, "Sync")]
    [InlineData(1, "SendMail")]
    [InlineData(2, "SmartForward")]
    [InlineData(3, "SmartReply")]
    [InlineData(4, "GetAttachment")]
    [InlineData(9, "FolderSync")]
    [InlineData(10, "FolderCreate")]
    [InlineData(11, "FolderDelete")]
    [InlineData(12, "FolderUpdate")]
    [InlineData(13, "MoveItems")]
    [InlineData(14, "GetItemEstimate")]
    [InlineData(15, "MeetingResponse")]
    [InlineData(16, "Search")]
    [InlineData(17, "Settings")]
    [InlineData(18, "Ping")]
    [InlineData(19, "ItemOperations")]
    [InlineData(20, "Provision")]
    [InlineData(21, "ResolveRecipients")]
    [InlineData(22, "ValidateCert")]
    [InlineData(23, "Find")]
    public void EachCommandCodeMapsToItsCommand(byte code, string name)
    {
        var query = EasBase64Request.Header(160, code, 0x0409, "ABC123", null, "iPhone").ToQuery();

        var line = EasRequestParser.Parse(query, NoHeaders).Line!;

        Assert.Equal(name, EasCommands.Name(line.Command));
        Assert.Equal(code, (byte)line.Command);
    }

    [Theory]
    [InlineData(121, "12.1")]
    [InlineData(140, "14.0")]
    [InlineData(141, "14.1")]
    [InlineData(160, "16.0")]
    [InlineData(161, "16.1")]
    public void VersionByteMapsToVersion(byte value, string text)
    {
        var query = EasBase64Request.Header(value, 0, 0x0409, "ABC123", null, "iPhone").ToQuery();

        var line = EasRequestParser.Parse(query, new Dictionary<string, string> { ["MS-ASProtocolVersion"] = "2.5" }).Line!;

        Assert.Equal(text, EasProtocolVersions.ToText(line.ProtocolVersion));
    }

    [Fact]
    public void EveryProperPrefixIsTruncatedUnlessItEndsOnAFieldBoundary()
    {
        var request = SmartReply();
        var bytes = request.ToBytes();
        var checkedPrefixes = 0;
        for (var length = 0; length < bytes.Length; length++)
        {
            var result = EasRequestParser.ParseBase64Bytes(bytes.AsSpan(0, length), EasRequestLimits.Default);
            if (request.CompleteAt.Contains(length))
            {
                Assert.True(result.Success, $"prefix {length}/{bytes.Length}: {result.Error}");
            }
            else
            {
                Assert.True(result.Error == EasRequestLineError.Truncated, $"prefix {length}/{bytes.Length}: {result.Error} at {result.Offset}");
                Assert.Null(result.Line);
            }

            checkedPrefixes++;
        }

        Assert.Equal(bytes.Length, checkedPrefixes);
    }

    [Fact]
    public void EveryProperPrefixOfTheHeaderIsTruncatedThroughBase64Too()
    {
        var bytes = SmartReply().ToBytes();
        var headerEnd = SmartReply().CompleteAt[0];
        for (var length = 1; length < headerEnd; length++)
        {
            var result = EasRequestParser.Parse(Convert.ToBase64String(bytes, 0, length), NoHeaders);
            Assert.True(result.Error == EasRequestLineError.Truncated, $"prefix {length}: {result.Error}");
        }
    }

    public static TheoryData<string, int> MalformedRequests() => new()
    {
        { Hex("8C 05 09 04 01 41 00 01 50"), (int)EasRequestLineError.UnknownCommand },
        { Hex("8C FF 09 04 01 41 00 01 50"), (int)EasRequestLineError.UnknownCommand },
        { Hex("19 00 09 04 01 41 00 01 50"), (int)EasRequestLineError.UnsupportedProtocolVersion },
        { Hex("78 00 09 04 01 41 00 01 50"), (int)EasRequestLineError.UnsupportedProtocolVersion },
        { Hex("8C 00 09 04 00 00 01 50"), (int)EasRequestLineError.MissingDeviceId },
        { Hex("8C 00 09 04 01 41 00 00"), (int)EasRequestLineError.MissingDeviceType },
        { Hex("8C 00 09 04 01 41 02 01 02 01 50"), (int)EasRequestLineError.InvalidPolicyKey },
        { Hex("8C 00 09 04 01 41 00 02 50 2C"), (int)EasRequestLineError.InvalidDeviceType },
        { Hex("8C 00 09 04 01 41 00 02 C3 28"), (int)EasRequestLineError.InvalidUtf8 },
        { Hex("8C 00 09 04 01 41 00 01 50 02 01 41"), (int)EasRequestLineError.UnknownParameter },
        { Hex("8C 00 09 04 01 41 00 01 50 05 01 41"), (int)EasRequestLineError.UnknownParameter },
        { Hex("8C 00 09 04 01 41 00 01 50 08 01 41 08 01 42"), (int)EasRequestLineError.DuplicateParameter },
        { Hex("8C 00 09 04 01 41 00 01 50 07 01 01 07 01 01"), (int)EasRequestLineError.DuplicateParameter },
        { Hex("8C 00 09 04 01 41 00 01 50 07 02 01 00"), (int)EasRequestLineError.InvalidParameter },
        { Hex("8C 00 09 04 01 41 00 01 50 08 01 FF"), (int)EasRequestLineError.InvalidUtf8 },
        { "!!!!", (int)EasRequestLineError.InvalidBase64 },
        { "jAAJB", (int)EasRequestLineError.InvalidBase64 },
        { "jA*J", (int)EasRequestLineError.InvalidBase64 },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void MalformedRequestIsRejectedWithItsReason(string query, int expected)
    {
        var result = EasRequestParser.Parse(query, NoHeaders);

        Assert.Equal((EasRequestLineError)expected, result.Error);
        Assert.Null(result.Line);
    }

    [Fact]
    public void DeviceIdLongerThan32IsRejected()
    {
        var query = EasBase64Request.Header(141, 0, 0x0409, new string('A', 33), null, "iPhone").ToQuery();

        Assert.Equal(EasRequestLineError.DeviceIdTooLong, EasRequestParser.Parse(query, NoHeaders).Error);
    }

    [Fact]
    public void DeviceIdOf32IsAccepted()
    {
        var query = EasBase64Request.Header(141, 0, 0x0409, new string('A', 32), null, "iPhone").ToQuery();

        Assert.Equal(new string('A', 32), EasRequestParser.Parse(query, NoHeaders).Line!.DeviceId);
    }

    [Fact]
    public void BinaryGuidDeviceIdBecomesUppercaseHex()
    {
        var guid = new byte[] { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF };
        var query = EasBase64Request.Header(141, 0, 0x0409, guid, null, "WP8").ToQuery();

        Assert.Equal("00112233445566778899AABBCCDDEEFF", EasRequestParser.Parse(query, NoHeaders).Line!.DeviceId);
    }

    [Fact]
    public void OverlongUserIsRejected()
    {
        var query = EasBase64Request.Header(141, 0, 0x0409, "ABC", null, "iPhone").Parameter(8, new string('u', 255)).ToQuery();

        Assert.Equal(EasRequestLineError.UserTooLong,
            EasRequestParser.Parse(query, NoHeaders, EasRequestLimits.Default with { MaxUserLength = 254 }).Error);
    }

    [Fact]
    public void PercentEncodedAndUnpaddedQueriesAreAccepted()
    {
        var query = SmartReply().ToQuery();
        var escaped = Uri.EscapeDataString(query);
        var unpadded = query.TrimEnd('=');

        Assert.True(EasRequestParser.Parse(escaped, NoHeaders).Success);
        Assert.True(EasRequestParser.Parse(unpadded, NoHeaders).Success);
        Assert.True(EasRequestParser.Parse("?" + query, NoHeaders).Success);
    }

    [Fact]
    public void BitFlipsNeverThrow()
    {
        var bytes = SmartReply().ToBytes();
        var random = new Random(4);
        for (var i = 0; i < 20_000; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
            var length = random.Next(copy.Length + 1);
            var result = EasRequestParser.Parse(Convert.ToBase64String(copy, 0, length), NoHeaders);
            Assert.Equal(result.Success, result.Line is not null);
        }
    }

    private static string Hex(string hex) => Convert.ToBase64String(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));
}
