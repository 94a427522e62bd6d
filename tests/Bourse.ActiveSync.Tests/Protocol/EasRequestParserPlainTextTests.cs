using Bourse.ActiveSync.Protocol;

namespace Bourse.ActiveSync.Tests.Protocol;

public sealed class EasRequestParserPlainTextTests
{
    private const string Sync = "Cmd=Sync&User=alice&DeviceId=ABC123&DeviceType=iPhone";

    private static Dictionary<string, string> Headers(string? version = "14.1", string? policyKey = null, string? multiPart = null)
    {
        var headers = new Dictionary<string, string>();
        if (version is not null)
        {
            headers["MS-ASProtocolVersion"] = version;
        }

        if (policyKey is not null)
        {
            headers["X-MS-PolicyKey"] = policyKey;
        }

        if (multiPart is not null)
        {
            headers["MS-ASAcceptMultiPart"] = multiPart;
        }

        return headers;
    }

    [Fact]
    public void SyncRequestLineIsParsed()
    {
        var result = EasRequestParser.Parse(Sync, Headers(policyKey: "3942919513"));

        Assert.True(result.Success, result.Error.ToString());
        var line = result.Line!;
        Assert.Equal(EasQueryForm.PlainText, line.Form);
        Assert.Equal(EasCommand.Sync, line.Command);
        Assert.Equal("alice", line.User);
        Assert.Equal("ABC123", line.DeviceId);
        Assert.Equal("iPhone", line.DeviceType);
        Assert.Equal(EasProtocolVersion.V14_1, line.ProtocolVersion);
        Assert.Equal(3942919513u, line.PolicyKey);
        Assert.Null(line.Locale);
        Assert.Equal(EasRequestParameters.None, line.Parameters);
    }

    [Fact]
    public void LeadingQuestionMarkAndHeaderNameCaseAreIgnored()
    {
        var headers = new Dictionary<string, string> { ["ms-asprotocolversion"] = "16.1", ["x-ms-policykey"] = "0" };

        var line = EasRequestParser.Parse("?" + Sync, headers).Line!;

        Assert.Equal(EasProtocolVersion.V16_1, line.ProtocolVersion);
        Assert.Equal(0u, line.PolicyKey);
    }

    [Fact]
    public void PercentEncodedUserIsDecoded()
    {
        var line = EasRequestParser.Parse("Cmd=Ping&User=CONTOSO%5Calice&DeviceId=ABC123&DeviceType=SAMSUNGSMG900F", Headers()).Line!;

        Assert.Equal(@"CONTOSO\alice", line.User);
        Assert.Equal(EasCommand.Ping, line.Command);
    }

    [Fact]
    public void CommandParametersRoundTrip()
    {
        var query = "Cmd=SmartForward&User=alice&DeviceId=ABC123&DeviceType=iPhone&CollectionId=5&ItemId=5%3A17&LongId=RgAAAAB&Occurrence=2026-01-05T10%3A00%3A00Z&SaveInSent=T&AttachmentName=7%3A3%3A0";

        var line = EasRequestParser.Parse(query, Headers(multiPart: "T")).Line!;

        Assert.Equal(new EasRequestParameters
        {
            AttachmentName = "7:3:0",
            CollectionId = "5",
            ItemId = "5:17",
            LongId = "RgAAAAB",
            Occurrence = "2026-01-05T10:00:00Z",
            SaveInSent = true,
            AcceptMultiPart = true,
        }, line.Parameters);
    }

    [Fact]
    public void UnknownParametersAreIgnoredAndNamesAreCaseInsensitive()
    {
        var line = EasRequestParser.Parse("cmd=foldersync&deviceid=ABC123&devicetype=iPhone&Extra=1&SaveInSent=F", Headers()).Line!;

        Assert.Equal(EasCommand.FolderSync, line.Command);
        Assert.Null(line.User);
        Assert.False(line.Parameters.SaveInSent);
    }

    [Fact]
    public void EveryCommandNameIsAccepted()
    {
        foreach (var command in EasCommands.All)
        {
            var line = EasRequestParser.Parse($"Cmd={EasCommands.Name(command)}&DeviceId=A1&DeviceType=T", Headers()).Line!;
            Assert.Equal(command, line.Command);
        }

        Assert.Equal(20, EasCommands.All.Count);
    }

    [Theory]
    [InlineData("12.1", "12.1")]
    [InlineData("14.0", "14.0")]
    [InlineData("14.1", "14.1")]
    [InlineData("16.0", "16.0")]
    [InlineData("16.1", "16.1")]
    [InlineData(" 16.1 ", "16.1")]
    public void ProtocolVersionComesFromTheHeader(string header, string expected)
    {
        var line = EasRequestParser.Parse(Sync, Headers(header)).Line!;

        Assert.Equal(expected, EasProtocolVersions.ToText(line.ProtocolVersion));
    }

    [Theory]
    [InlineData("DeviceId=ABC123&DeviceType=iPhone", null, (int)EasRequestLineError.MissingCommand)]
    [InlineData("Cmd=&DeviceId=ABC123&DeviceType=iPhone", null, (int)EasRequestLineError.MissingCommand)]
    [InlineData("Cmd=GetHierarchy&DeviceId=ABC123&DeviceType=iPhone", null, (int)EasRequestLineError.UnknownCommand)]
    [InlineData("Cmd=0&DeviceId=ABC123&DeviceType=iPhone", null, (int)EasRequestLineError.UnknownCommand)]
    [InlineData("Cmd=Sync&DeviceType=iPhone", null, (int)EasRequestLineError.MissingDeviceId)]
    [InlineData("Cmd=Sync&DeviceId=&DeviceType=iPhone", null, (int)EasRequestLineError.MissingDeviceId)]
    [InlineData("Cmd=Sync&DeviceId=ABC,123&DeviceType=iPhone", null, (int)EasRequestLineError.InvalidDeviceId)]
    [InlineData("Cmd=Sync&DeviceId=ABC%2F123&DeviceType=iPhone", null, (int)EasRequestLineError.InvalidDeviceId)]
    [InlineData("Cmd=Sync&DeviceId=123456789012345678901234567890123&DeviceType=iPhone", null, (int)EasRequestLineError.DeviceIdTooLong)]
    [InlineData("Cmd=Sync&DeviceId=ABC123", null, (int)EasRequestLineError.MissingDeviceType)]
    [InlineData("Cmd=Sync&DeviceId=ABC123&DeviceType=i%0APhone", null, (int)EasRequestLineError.InvalidDeviceType)]
    [InlineData("Cmd=Sync&DeviceId=ABC123&DeviceType=iPhone&DeviceId=XYZ", null, (int)EasRequestLineError.DuplicateParameter)]
    [InlineData("Cmd=Sync&DeviceId=ABC123&DeviceType=iPhone&SaveInSent=yes", null, (int)EasRequestLineError.InvalidParameter)]
    [InlineData(Sync, "", (int)EasRequestLineError.MissingProtocolVersion)]
    [InlineData(Sync, "2.5", (int)EasRequestLineError.UnsupportedProtocolVersion)]
    [InlineData(Sync, "12.0", (int)EasRequestLineError.UnsupportedProtocolVersion)]
    [InlineData(Sync, "17.0", (int)EasRequestLineError.UnsupportedProtocolVersion)]
    [InlineData(Sync, "141", (int)EasRequestLineError.UnsupportedProtocolVersion)]
    public void InvalidRequestLineIsRejectedWithItsReason(string query, string? version, int expected)
    {
        var result = EasRequestParser.Parse(query, Headers(version ?? "14.1"));

        Assert.Equal((EasRequestLineError)expected, result.Error);
        Assert.Null(result.Line);
    }

    [Fact]
    public void MissingProtocolVersionHeaderIsRejected()
    {
        Assert.Equal(EasRequestLineError.MissingProtocolVersion, EasRequestParser.Parse(Sync, Headers(version: null)).Error);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("1.5")]
    public void MalformedPolicyKeyIsRejected(string policyKey)
    {
        Assert.Equal(EasRequestLineError.InvalidPolicyKey, EasRequestParser.Parse(Sync, Headers(policyKey: policyKey)).Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    public void EmptyQueryIsRejected(string? query)
    {
        Assert.Equal(EasRequestLineError.EmptyQuery, EasRequestParser.Parse(query, Headers()).Error);
    }

    [Fact]
    public void OverlongFieldsAreRejected()
    {
        var limits = EasRequestLimits.Default;
        var longUser = new string('u', limits.MaxUserLength + 1);
        var longType = new string('t', limits.MaxDeviceTypeLength + 1);
        var longItem = new string('i', limits.MaxParameterLength + 1);

        Assert.Equal(EasRequestLineError.UserTooLong, EasRequestParser.Parse($"Cmd=Sync&User={longUser}&DeviceId=A&DeviceType=T", Headers()).Error);
        Assert.Equal(EasRequestLineError.DeviceTypeTooLong, EasRequestParser.Parse($"Cmd=Sync&DeviceId=A&DeviceType={longType}", Headers()).Error);
        Assert.Equal(EasRequestLineError.ParameterTooLong, EasRequestParser.Parse($"Cmd=Sync&DeviceId=A&DeviceType=T&ItemId={longItem}", Headers()).Error);
        Assert.Equal(EasRequestLineError.QueryTooLong, EasRequestParser.Parse(Sync + "&X=" + new string('x', limits.MaxQueryLength), Headers()).Error);
    }

    [Fact]
    public void GarbageNeverThrows()
    {
        var random = new Random(7);
        const string alphabet = "Cmd=Sync&DeviceIdType%2Z+,=?&";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(40)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            var result = EasRequestParser.Parse(new string(chars), Headers());
            Assert.Equal(result.Success, result.Line is not null);
        }
    }
}
