using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using static Bourse.ActiveSync.Tests.Mapping.MappingTestKit;

namespace Bourse.ActiveSync.Tests.Mapping;

public sealed class EmailParseTests
{
    [Fact]
    public void ReadChangeFoldsIntoMessageFlags()
    {
        var change = ParseChangeOk(App(E("Email:Read", "1")), EasClass.Email, EasProtocolVersion.V14_1);
        Assert.True(change.Read);
        Assert.True(change.Properties.IsEmpty);

        var current = new PropertyBag().Set(PropTags.MessageFlags, (int)MessageFlags.HasAttachments);
        var changes = change.ToPropertyChanges(current);
        Assert.Equal((int)(MessageFlags.HasAttachments | MessageFlags.Read | MessageFlags.EverRead), changes.Set.GetInt32(PropTags.MessageFlags));

        var unread = ParseChangeOk(App(E("Email:Read", "0")), EasClass.Email, EasProtocolVersion.V14_1);
        var cleared = unread.ToPropertyChanges(new PropertyBag().Set(PropTags.MessageFlags, (int)(MessageFlags.Read | MessageFlags.EverRead)));
        Assert.Equal((int)MessageFlags.EverRead, cleared.Set.GetInt32(PropTags.MessageFlags));
    }

    [Fact]
    public void AbsentElementsOfAMailChangeAreUnchanged()
    {
        var change = ParseChangeOk(App(E("Email:Read", "1")), EasClass.Email, EasProtocolVersion.V16_1);
        Assert.Empty(change.Properties.Remove);
        Assert.Null(change.Recipients);
        Assert.False(change.ChangesDraftContent);
    }

    [Fact]
    public async Task FlagChangeRoundTripsThroughRender()
    {
        var flag = E("Email:Flag",
            E("Tasks:Subject", "Call back"),
            E("Email:FlagStatus", "2"),
            E("Email:FlagType", "Follow up"),
            E("Tasks:StartDate", "2026-03-16T00:00:00.000Z"),
            E("Tasks:DueDate", "2026-03-20T00:00:00.000Z"),
            E("Tasks:UtcStartDate", "2026-03-15T23:00:00.000Z"),
            E("Tasks:UtcDueDate", "2026-03-19T23:00:00.000Z"),
            E("Tasks:ReminderSet", "1"),
            E("Tasks:ReminderTime", "2026-03-19T08:00:00.000Z"),
            E("Tasks:OrdinalDate", "2026-03-14T10:00:00.000Z"),
            E("Tasks:SubOrdinalDate", "5555555"));
        var change = ParseChangeOk(App(flag), EasClass.Email, EasProtocolVersion.V14_1);
        Assert.Equal(2, change.Properties.Set.GetInt32(PropTags.FlagStatus));

        var item = Apply(EmailRenderTests.Delivered("From: a@example.com\nSubject: s\n\nx\n"), change);
        var app = await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1));
        Assert.True(flag.StructurallyEquals(Child(app, "Email:Flag")!), Child(app, "Email:Flag")!.ToString());

        var complete = ParseChangeOk(App(E("Email:Flag", E("Email:FlagStatus", "1"), E("Email:CompleteTime", "2026-03-21T09:00:00.000Z"),
            E("Tasks:DateCompleted", "2026-03-21T09:00:00.000Z"))), EasClass.Email, EasProtocolVersion.V14_1);
        item = Apply(item, complete);
        Assert.Equal(1, item.Properties.GetInt32(PropTags.FlagStatus));
        Assert.Null(item.Properties.GetString(NamedProps.FlagRequest));
        Assert.True(item.Properties.GetBoolean(NamedProps.TaskComplete));

        var cleared = ParseChangeOk(App(E("Email:Flag")), EasClass.Email, EasProtocolVersion.V14_1);
        item = Apply(item, cleared);
        Assert.Null(item.Properties.GetInt32(PropTags.FlagStatus));
        Assert.Null(item.Properties.GetDateTime(PropTags.FlagCompleteTime));
        Assert.True(Child(await RenderAsync(item, EasClass.Email, Options(EasProtocolVersion.V14_1)), "Email:Flag")!.IsEmpty);
    }

    [Fact]
    public void CategoriesChangeSetsAndClearsKeywords()
    {
        var set = ParseChangeOk(App(E("Email:Categories", E("Email:Category", "Red"), E("Email:Category", "Blue"))),
            EasClass.Email, EasProtocolVersion.V14_0);
        Assert.Equal(new[] { "Red", "Blue" }, (string[])set.Properties.Set[NamedProps.Keywords]!.Value);

        var clear = ParseChangeOk(App(E("Email:Categories")), EasClass.Email, EasProtocolVersion.V14_0);
        Assert.Contains(NamedProps.Keywords, clear.Properties.Remove);

        // MS-ASEMAIL: Categories are 14.0 and later; a 12.1 device's is ignored.
        var old = ParseChangeOk(App(E("Email:Categories", E("Email:Category", "Red"))), EasClass.Email, EasProtocolVersion.V12_1);
        Assert.True(old.Properties.IsEmpty);
    }

    [Fact]
    public async Task DraftAddOn16RoundTrips()
    {
        var app = App(
            E("Email:To", "\"Bob\" <bob@example.org>, carol@example.org"),
            E("Email:Cc", "dave@example.net"),
            E("Email2:Bcc", "eve@example.com"),
            E("Email:Subject", "RE: Draft ✓"),
            E("Email:Importance", "2"),
            E("AirSyncBase:Body", E("AirSyncBase:Type", "2"), E("AirSyncBase:Data", "<p>Hi <b>there</b></p>")),
            E("AirSyncBase:Attachments", E("AirSyncBase:Add",
                E("AirSyncBase:ClientId", "c1"), E("AirSyncBase:DisplayName", "notes.txt"), E("AirSyncBase:Method", "1"),
                E("AirSyncBase:ContentType", "text/plain"), E("AirSyncBase:Content", "aGVsbG8="))));
        var result = ItemParser.ParseAdd(app, EasClass.Email, EasProtocolVersion.V16_0);
        Assert.True(result.IsSuccess, result.Error.ToString());
        Assert.Equal(new string?[] { "c1" }, result.AttachmentClientIds);
        var draft = result.Value!;
        Assert.Equal("IPM.Note", draft.Properties.GetString(PropTags.MessageClass));
        Assert.Equal("Draft ✓", draft.Properties.GetString(PropTags.NormalizedSubject));
        Assert.Equal("hello"u8.ToArray(), draft.Attachments.Single().Content.ToArray());
        Assert.Equal(4, draft.Recipients.Count);

        var rendered = await RenderAsync(ToItem(draft), EasClass.Email,
            Options(EasProtocolVersion.V16_0, new BodyPreference(EasBodyType.Html)));
        Assert.Equal("\"Bob\" <bob@example.org>, carol@example.org", Text(rendered, "Email:To"));
        Assert.Equal("dave@example.net", Text(rendered, "Email:Cc"));
        Assert.Equal("eve@example.com", Text(rendered, "Email2:Bcc"));
        Assert.Equal("1", Text(rendered, "Email2:IsDraft"));
        Assert.Equal("RE: Draft ✓", Text(rendered, "Email:Subject"));
        Assert.Equal("2", Text(rendered, "Email:Importance"));
        Assert.Equal("<p>Hi <b>there</b></p>", Text(Child(rendered, "AirSyncBase:Body")!, "AirSyncBase:Data"));
        var attachment = Child(Child(rendered, "AirSyncBase:Attachments")!, "AirSyncBase:Attachment")!;
        Assert.Equal("notes.txt", Text(attachment, "AirSyncBase:DisplayName"));
        Assert.Equal("42:0", Text(attachment, "AirSyncBase:FileReference"));

        var plain = await RenderAsync(ToItem(draft), EasClass.Email, Options(EasProtocolVersion.V16_0, new BodyPreference(EasBodyType.PlainText)));
        Assert.Equal("Hi there", Text(Child(plain, "AirSyncBase:Body")!, "AirSyncBase:Data"));
    }

    [Fact]
    public void DraftChangeOn16ReplacesOnlyTheRecipientTypesSent()
    {
        var change = ParseChangeOk(App(E("Email:To", "x@example.com"), E("Email:Subject", "New"),
            E("AirSyncBase:Attachments", E("AirSyncBase:Delete", E("AirSyncBase:FileReference", "42:3")))), EasClass.Email, EasProtocolVersion.V16_1);
        Assert.True(change.ChangesDraftContent);
        Assert.Equal(new[] { RecipientType.To }, change.ReplacedRecipientTypes);
        Assert.Equal("x@example.com", change.Recipients!.Single().Address);
        Assert.Equal(new[] { 3 }, change.DeletedAttachments);
        Assert.Equal("New", change.Properties.Set.GetString(PropTags.Subject));

        // Before 16.0 those elements are not a device's to change: ignored.
        var old = ParseChangeOk(App(E("Email:To", "x@example.com"), E("Email:Subject", "New")), EasClass.Email, EasProtocolVersion.V14_1);
        Assert.Null(old.Recipients);
        Assert.True(old.Properties.IsEmpty);
    }

    [Theory]
    [InlineData(121)]
    [InlineData(140)]
    [InlineData(141)]
    public void EmailAddBefore16IsNotSupported(int version)
    {
        var result = ItemParser.ParseAdd(App(E("Email:Subject", "x")), EasClass.Email, (EasProtocolVersion)version);
        Assert.Equal(ItemParseError.NotSupported, result.Error);
    }

    public static TheoryData<string, int> BadChanges() => new()
    {
        { "read-word", (int)ItemParseError.InvalidValue },
        { "read-two", (int)ItemParseError.InvalidValue },
        { "flag-status-9", (int)ItemParseError.InvalidValue },
        { "flag-bad-date", (int)ItemParseError.InvalidDate },
        { "flag-year-1200", (int)ItemParseError.InvalidDate },
        { "category-too-long", (int)ItemParseError.TooLarge },
        { "too-many-categories", (int)ItemParseError.TooLarge },
        { "read-container", (int)ItemParseError.InvalidValue },
        { "flag-text", (int)ItemParseError.InvalidValue },
        { "bad-file-reference", (int)ItemParseError.InvalidValue },
        { "mime-body", (int)ItemParseError.NotSupported },
        { "attachment-no-content", (int)ItemParseError.MissingRequired },
        { "attachment-bad-base64", (int)ItemParseError.InvalidValue },
    };

    [Theory]
    [MemberData(nameof(BadChanges))]
    public void BadInputIsATypedFailureNeverAnException(string name, int expected)
    {
        var app = name switch
        {
            "read-word" => App(E("Email:Read", "yes")),
            "read-two" => App(E("Email:Read", "2")),
            "flag-status-9" => App(E("Email:Flag", E("Email:FlagStatus", "9"))),
            "flag-bad-date" => App(E("Email:Flag", E("Email:FlagStatus", "2"), E("Tasks:DueDate", "next tuesday"))),
            "flag-year-1200" => App(E("Email:Flag", E("Email:FlagStatus", "2"), E("Tasks:DueDate", "1200-01-01T00:00:00.000Z"))),
            "category-too-long" => App(E("Email:Categories", E("Email:Category", new string('c', 256)))),
            "too-many-categories" => App(E("Email:Categories", Enumerable.Range(0, 301).Select(i => E("Email:Category", "c" + i)))),
            "read-container" => App(E("Email:Read", E("Email:Subject", "1"))),
            "flag-text" => App(E("Email:Flag", "2")),
            "bad-file-reference" => App(E("AirSyncBase:Attachments", E("AirSyncBase:Delete", E("AirSyncBase:FileReference", "../../etc")))),
            "mime-body" => App(E("AirSyncBase:Body", E("AirSyncBase:Type", "4"), E("AirSyncBase:Data", "From: x"))),
            "attachment-no-content" => App(E("AirSyncBase:Attachments", E("AirSyncBase:Add", E("AirSyncBase:ClientId", "1")))),
            "attachment-bad-base64" => App(E("AirSyncBase:Attachments", E("AirSyncBase:Add", E("AirSyncBase:Content", "!!not base64!!")))),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var result = ItemParser.ParseChange(app, EasClass.Email, EasProtocolVersion.V16_1);
        Assert.False(result.IsSuccess);
        Assert.Equal((ItemParseError)expected, result.Error);
        Assert.NotNull(result.Element);
    }

    [Fact]
    public void OversizedBodyIsRefused()
    {
        var limits = ItemParseLimits.Default with { MaxBodyBytes = 100 };
        var result = ItemParser.ParseAdd(App(E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", new string('é', 60)))),
            EasClass.Email, EasProtocolVersion.V16_1, limits);
        Assert.Equal(ItemParseError.TooLarge, result.Error);
    }
}
