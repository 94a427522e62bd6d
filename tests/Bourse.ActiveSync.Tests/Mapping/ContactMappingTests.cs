using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Properties;
using static Bourse.ActiveSync.Tests.Mapping.MappingTestKit;

namespace Bourse.ActiveSync.Tests.Mapping;

public sealed class ContactMappingTests
{
    private static readonly byte[] Photo = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46];

    internal static WbxmlElement FullContact() => App(
        E("Contacts:Anniversary", "2010-06-12T00:00:00.000Z"),
        E("Contacts:AssistantName", "Ann Assistant"),
        E("Contacts:AssistantPhoneNumber", "+1 555 0100"),
        E("Contacts:Birthday", "1980-02-29T00:00:00.000Z"),
        E("Contacts:Business2PhoneNumber", "+1 555 0101"),
        E("Contacts:BusinessAddressCity", "Springfield"),
        E("Contacts:BusinessAddressCountry", "USA"),
        E("Contacts:BusinessAddressPostalCode", "12345"),
        E("Contacts:BusinessAddressState", "IL"),
        E("Contacts:BusinessAddressStreet", "1 Main St"),
        E("Contacts:BusinessFaxNumber", "+1 555 0102"),
        E("Contacts:BusinessPhoneNumber", "+1 555 0103"),
        E("Contacts:CarPhoneNumber", "+1 555 0104"),
        E("Contacts:Categories", E("Contacts:Category", "Friends"), E("Contacts:Category", "Golf")),
        E("Contacts:Children", E("Contacts:Child", "Tim"), E("Contacts:Child", "Zoë")),
        E("Contacts:CompanyName", "Contoso"),
        E("Contacts:Department", "Sales"),
        E("Contacts:Email1Address", "\"Jörg Berg\" <joerg@example.com>"),
        E("Contacts:Email2Address", "jb@example.org"),
        E("Contacts:FileAs", "Berg, Jörg"),
        E("Contacts:FirstName", "Jörg"),
        E("Contacts:Home2PhoneNumber", "+49 30 2"),
        E("Contacts:HomeAddressCity", "Berlin"),
        E("Contacts:HomeAddressCountry", "Germany"),
        E("Contacts:HomeAddressPostalCode", "10115"),
        E("Contacts:HomeAddressState", "BE"),
        E("Contacts:HomeAddressStreet", "Unter den Linden 1\r\nHof"),
        E("Contacts:HomeFaxNumber", "+49 30 3"),
        E("Contacts:HomePhoneNumber", "+49 30 1"),
        E("Contacts:JobTitle", "Manager"),
        E("Contacts:LastName", "Berg"),
        E("Contacts:MiddleName", "K."),
        E("Contacts:MobilePhoneNumber", "+49 170 1"),
        E("Contacts:OfficeLocation", "B12"),
        E("Contacts:OtherAddressCity", "Hamburg"),
        E("Contacts:OtherAddressCountry", "Germany"),
        E("Contacts:OtherAddressPostalCode", "20095"),
        E("Contacts:OtherAddressState", "HH"),
        E("Contacts:OtherAddressStreet", "Hafen 2"),
        E("Contacts:PagerNumber", "123"),
        E("Contacts:RadioPhoneNumber", "456"),
        E("Contacts:Spouse", "Eva"),
        E("Contacts:Suffix", "Jr."),
        E("Contacts:Title", "Dr."),
        E("Contacts:WebPage", "https://example.com/joerg"),
        E("Contacts:YomiCompanyName", "Kontoso"),
        E("Contacts:YomiFirstName", "Yorg"),
        E("Contacts:YomiLastName", "Beruku"),
        E("Contacts:Picture", Convert.ToBase64String(Photo)),
        E("AirSyncBase:Body", E("AirSyncBase:Type", "1"), E("AirSyncBase:Data", "Met at the fair.\r\nLikes tea.")),
        E("Contacts2:CustomerId", "C-1"),
        E("Contacts2:GovernmentId", "G-2"),
        E("Contacts2:IMAddress", "joerg@im.example"),
        E("Contacts2:IMAddress2", "joerg2@im.example"),
        E("Contacts2:IMAddress3", "joerg3@im.example"),
        E("Contacts2:ManagerName", "Boss"),
        E("Contacts2:CompanyMainPhone", "+1 555 0000"),
        E("Contacts2:AccountName", "acct"),
        E("Contacts2:NickName", "JB"),
        E("Contacts2:MMS", "+49 170 9"));

    [Fact]
    public async Task EveryFieldRoundTripsInEveryVersion()
    {
        var sent = FullContact();
        foreach (var version in AllVersions)
        {
            var created = ParseAddOk(sent, EasClass.Contacts, version);
            Assert.Equal("IPM.Contact", created.Properties.GetString(PropTags.MessageClass));
            Assert.Equal("Dr. Jörg K. Berg Jr.", created.Properties.GetString(PropTags.DisplayName));
            Assert.Equal(Photo, created.Properties.GetBinary(NamedProps.ContactPicture));

            var rendered = await RenderAsync(ToItem(created), EasClass.Contacts, Options(version));
            AssertRoundTrip(sent, rendered);
        }
    }

    [Fact]
    public void EmailAddressesKeepNameAndAddressApart()
    {
        var created = ParseAddOk(App(E("Contacts:Email1Address", "\"Jörg Berg\" <joerg@example.com>"), E("Contacts:Email2Address", "not an address")),
            EasClass.Contacts, EasProtocolVersion.V14_1);
        Assert.Equal("joerg@example.com", created.Properties.GetString(NamedProps.Email1Address));
        Assert.Equal("Jörg Berg", created.Properties.GetString(NamedProps.Email1DisplayName));
        Assert.Equal("SMTP", created.Properties.GetString(NamedProps.Email1AddressType));
        Assert.Equal("not an address", created.Properties.GetString(NamedProps.Email2Address));
    }

    [Fact]
    public async Task ChangeWithoutSupportedDeletesWhatItLeavesOut()
    {
        var item = ToItem(ParseAddOk(FullContact(), EasClass.Contacts, EasProtocolVersion.V14_1));
        var change = ParseChangeOk(App(E("Contacts:FirstName", "Georg"), E("Contacts:LastName", "Berg")), EasClass.Contacts, EasProtocolVersion.V14_1);
        var changed = Apply(item, change);

        Assert.Equal("Georg", changed.Properties.GetString(PropTags.GivenName));
        Assert.Null(changed.Properties.GetString(PropTags.CompanyName));
        Assert.Null(changed.Properties.GetString(NamedProps.Email1Address));
        Assert.Null(changed.Properties.GetBinary(NamedProps.ContactPicture));
        Assert.Null(changed.Properties.GetString(PropTags.Body));
        Assert.False(changed.Properties.Contains(NamedProps.Keywords));
        Assert.Equal("Georg Berg", changed.Properties.GetString(PropTags.DisplayName));

        var rendered = await RenderAsync(changed, EasClass.Contacts, Options(EasProtocolVersion.V14_1));
        Assert.Null(Child(rendered, "Contacts:CompanyName"));
        Assert.Null(Child(rendered, "Contacts:Picture"));
    }

    [Fact]
    public void ChangeWithSupportedKeepsGhostedElements()
    {
        var item = ToItem(ParseAddOk(FullContact(), EasClass.Contacts, EasProtocolVersion.V14_1));
        var supported = SupportedElements.FromSupported(E("AirSync:Supported",
            E("Contacts:FirstName"), E("Contacts:LastName"), E("Contacts:Email1Address"), E("Contacts:MobilePhoneNumber")));
        var change = ParseChangeOk(App(E("Contacts:FirstName", "Georg"), E("Contacts:LastName", "Berg")),
            EasClass.Contacts, EasProtocolVersion.V14_1, supported);
        var changed = Apply(item, change);

        // Supported and absent: deleted.
        Assert.Null(changed.Properties.GetString(NamedProps.Email1Address));
        Assert.Null(changed.Properties.GetString(PropTags.MobileTelephoneNumber));
        // Ghosted: kept.
        Assert.Equal("Contoso", changed.Properties.GetString(PropTags.CompanyName));
        Assert.Equal("jb@example.org", changed.Properties.GetString(NamedProps.Email2Address));
        Assert.Equal(Photo, changed.Properties.GetBinary(NamedProps.ContactPicture));
        Assert.NotNull(changed.Properties.GetString(PropTags.Body));
        // Middle name, title and suffix are ghosted, so the display name is left alone.
        Assert.Equal("Dr. Jörg K. Berg Jr.", changed.Properties.GetString(PropTags.DisplayName));

        var names = SupportedElements.FromNames(supported.Names);
        Assert.True(names.IsGhosted("Contacts", "CompanyName"));
        Assert.False(names.IsGhosted("Contacts", "FirstName"));
        Assert.False(SupportedElements.None.IsGhosted("Contacts", "CompanyName"));
    }

    [Fact]
    public void EmptySupportedGhostsEverything()
    {
        var change = ParseChangeOk(App(E("Contacts:FirstName", "A")), EasClass.Contacts, EasProtocolVersion.V14_1,
            SupportedElements.FromSupported(E("AirSync:Supported")));
        Assert.Empty(change.Properties.Remove);
    }

    public static TheoryData<string, int> BadContacts() => new()
    {
        { "birthday-words", (int)ItemParseError.InvalidDate },
        { "picture-not-base64", (int)ItemParseError.InvalidValue },
        { "picture-too-large", (int)ItemParseError.TooLarge },
        { "name-too-long", (int)ItemParseError.TooLarge },
        { "too-many-children", (int)ItemParseError.TooLarge },
        { "name-container", (int)ItemParseError.InvalidValue },
        { "categories-text", (int)ItemParseError.InvalidValue },
    };

    [Theory]
    [MemberData(nameof(BadContacts))]
    public void BadContactsAreTypedFailures(string name, int expected)
    {
        var app = name switch
        {
            "birthday-words" => App(E("Contacts:Birthday", "the second of May")),
            "picture-not-base64" => App(E("Contacts:Picture", "**")),
            "picture-too-large" => App(E("Contacts:Picture", Convert.ToBase64String(new byte[ItemParseLimits.Default.MaxPictureBytes + 1]))),
            "name-too-long" => App(E("Contacts:FirstName", new string('n', ItemParseLimits.Default.MaxTextChars + 1))),
            "too-many-children" => App(E("Contacts:Children", Enumerable.Range(0, 301).Select(i => E("Contacts:Child", "c" + i)))),
            "name-container" => App(E("Contacts:FirstName", E("Contacts:Child", "x"))),
            "categories-text" => App(E("Contacts:Categories", "Friends")),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        Assert.Equal((ItemParseError)expected, ItemParser.ParseAdd(app, EasClass.Contacts, EasProtocolVersion.V14_1).Error);
        Assert.Equal((ItemParseError)expected, ItemParser.ParseChange(app, EasClass.Contacts, EasProtocolVersion.V16_1).Error);
    }
}
