using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Ids;
using static Bourse.ActiveSync.Tests.Mapping.MappingTestKit;

namespace Bourse.ActiveSync.Tests.Mapping;

public sealed class IdsAndOptionsTests
{
    [Fact]
    public void ServerIdsRoundTrip()
    {
        var text = ServerIds.Format(new FolderId(12), new ItemId(281474976710655));
        Assert.Equal("12:281474976710655", text);
        Assert.True(ServerIds.TryParse(text, out var folder, out var item));
        Assert.Equal(new FolderId(12), folder);
        Assert.Equal(new ItemId(281474976710655), item);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData(":5")]
    [InlineData("12:")]
    [InlineData("0:5")]
    [InlineData("12:0")]
    [InlineData("-1:5")]
    [InlineData("+1:5")]
    [InlineData(" 1:5")]
    [InlineData("1:5 ")]
    [InlineData("01:5")]
    [InlineData("1:5:6")]
    [InlineData("1:281474976710656")]
    [InlineData("1:99999999999999999999")]
    [InlineData("a:b")]
    [InlineData("１:５")]
    public void MalformedServerIdsAreRejected(string? text) => Assert.False(ServerIds.TryParse(text, out _, out _));

    [Fact]
    public void FileReferencesRoundTrip()
    {
        Assert.Equal("42:0", FileReferences.Format(new ItemId(42), 0));
        Assert.True(FileReferences.TryParse("42:17", out var item, out var number));
        Assert.Equal(new ItemId(42), item);
        Assert.Equal(17, number);
        Assert.False(FileReferences.TryParse("42:2147483648", out _, out _));
        Assert.False(FileReferences.TryParse("0:1", out _, out _));
        Assert.False(FileReferences.TryParse("42-1", out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FileReferences.Format(new ItemId(1), -1));
    }

    [Fact]
    public void DatesFormatInBothFormsAndParseLeniently()
    {
        var d = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        Assert.Equal("2026-01-02T03:04:05.678Z", EasDateTime.FormatLong(d));
        Assert.Equal("20260102T030405Z", EasDateTime.FormatCompact(d));
        foreach (var text in new[] { "2026-01-02T03:04:05.678Z", "20260102T030405Z", "2026-01-02T03:04:05Z", "2026-01-02T03:04:05.678" })
        {
            Assert.True(EasDateTime.TryParse(text, out var parsed), text);
            Assert.Equal(DateTimeKind.Utc, parsed.Kind);
            Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), parsed.AddTicks(-(parsed.Ticks % TimeSpan.TicksPerSecond)));
        }

        foreach (var bad in new[] { "", "tomorrow", "2026-13-01T00:00:00Z", "1500-01-01T00:00:00Z", "20260102", "2026-01-02T03:04:05+02:00x" })
        {
            Assert.False(EasDateTime.TryParse(bad, out _), bad);
        }
    }

    [Fact]
    public void OptionsParseBodyPreferencesMimeSupportAndTruncation()
    {
        var options = ItemRenderOptions.FromOptions(E("AirSync:Options",
            E("AirSync:FilterType", "3"),
            E("AirSyncBase:BodyPreference", E("AirSyncBase:Type", "2"), E("AirSyncBase:TruncationSize", "51200"),
                E("AirSyncBase:AllOrNone", "1"), E("AirSyncBase:Preview", "300")),
            E("AirSyncBase:BodyPreference", E("AirSyncBase:Type", "1"), E("AirSyncBase:TruncationSize", "5120")),
            E("AirSyncBase:BodyPreference", E("AirSyncBase:Type", "1"), E("AirSyncBase:TruncationSize", "9")),
            E("AirSyncBase:BodyPreference", E("AirSyncBase:Type", "7")),
            E("AirSync:MIMESupport", "1"),
            E("AirSync:MIMETruncation", "8"),
            E("RightsManagement:RightsManagementSupport", "1")), EasProtocolVersion.V14_1);

        Assert.Equal(2, options.BodyPreferences.Count);
        Assert.Equal(new BodyPreference(EasBodyType.Html, 51200, true, 255), options.BodyPreferences[0]);
        Assert.Equal(new BodyPreference(EasBodyType.PlainText, 5120), options.BodyPreferences[1]);
        Assert.Equal(MimeSupport.SmimeOnly, options.MimeSupport);
        Assert.Null(options.MimeTruncation);
        Assert.Equal(EasProtocolVersion.V14_1, options.Version);
    }

    [Fact]
    public void PreviewIsIgnoredBefore140AndAllOrNoneWithoutTruncationSize()
    {
        var options = ItemRenderOptions.FromOptions(E("AirSync:Options",
            E("AirSyncBase:BodyPreference", E("AirSyncBase:Type", "1"), E("AirSyncBase:AllOrNone", "1"), E("AirSyncBase:Preview", "100")),
            E("AirSync:MIMETruncation", "2")), EasProtocolVersion.V12_1);
        Assert.Equal(new BodyPreference(EasBodyType.PlainText), options.BodyPreferences[0]);
        Assert.Equal(5120, options.MimeTruncation);
        Assert.Equal(MimeSupport.Never, ItemRenderOptions.FromOptions(null, EasProtocolVersion.V12_1).MimeSupport);
    }

    [Theory]
    [InlineData("IPF.Note", "Email")]
    [InlineData(null, "Email")]
    [InlineData("IPF.Contact", "Contacts")]
    [InlineData("IPF.Appointment", "Calendar")]
    [InlineData("IPF.Appointment.Birthday", "Calendar")]
    [InlineData("IPF.Task", "Tasks")]
    [InlineData("IPF.StickyNote", "Notes")]
    public void ContainerClassesMapToClasses(string? containerClass, string expected) =>
        Assert.Equal(Enum.Parse<EasClass>(expected), EasClasses.FromContainerClass(containerClass));

    [Theory]
    [InlineData("IPM.Note", "Email")]
    [InlineData("IPM.Note.SMIME", "Email")]
    [InlineData("REPORT.IPM.Note.NDR", "Email")]
    [InlineData("IPM.Schedule.Meeting.Request", "Email")]
    [InlineData("IPM.Appointment", "Calendar")]
    [InlineData("IPM.Contact", "Contacts")]
    [InlineData("IPM.Task", "Tasks")]
    [InlineData("IPM.TaskRequest", "Email")]
    [InlineData("IPM.StickyNote", "Notes")]
    [InlineData("IPM.Notes", "Email")]
    public void MessageClassesMapToClasses(string messageClass, string expected) =>
        Assert.Equal(Enum.Parse<EasClass>(expected), EasClasses.FromMessageClass(messageClass));

    [Fact]
    public void JournalIsNotSynced() => Assert.Null(EasClasses.FromContainerClass("IPF.Journal"));
}
