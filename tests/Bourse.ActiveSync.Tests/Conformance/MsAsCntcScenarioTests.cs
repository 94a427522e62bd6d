using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Mapping;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;

namespace Bourse.ActiveSync.Tests.Conformance;

/// <summary>
/// The ItemOperations (S02) scenarios of Microsoft's MS-ASCNTC test suite, replayed over HTTPS with the contact the suite
/// adds: every Contacts and Contacts2 property it sets, a body, a category, a child and a picture.
/// </summary>
public sealed class MsAsCntcScenarioTests : IAsyncLifetime
{
    private const string BodyData = "Body of the contact MSASCNTC";
    private static readonly byte[] Picture = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x02, 0x03, 0xFF, 0xD9];

    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static WbxmlElement Contact(string fileAs) => Wb.E("AirSync:ApplicationData",
        Wb.E("Contacts:Anniversary", "2012-10-01T00:00:00.000Z"),
        Wb.E("Contacts:AssistantName", "Assistant"),
        Wb.E("Contacts:AssistantPhoneNumber", "54689733"),
        Wb.E("Contacts:Birthday", "1980-04-12T00:00:00.000Z"),
        Wb.E("AirSyncBase:Body", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:Data", BodyData)),
        Wb.E("Contacts:Business2PhoneNumber", "123456789"),
        Wb.E("Contacts:BusinessAddressCity", "Beijing"),
        Wb.E("Contacts:BusinessAddressCountry", "China"),
        Wb.E("Contacts:BusinessAddressPostalCode", "100080"),
        Wb.E("Contacts:BusinessAddressState", "Haidian"),
        Wb.E("Contacts:BusinessAddressStreet", "Danling"),
        Wb.E("Contacts:BusinessFaxNumber", "0123456"),
        Wb.E("Contacts:BusinessPhoneNumber", "987654321"),
        Wb.E("Contacts:CarPhoneNumber", "123456789"),
        Wb.E("Contacts:Categories", Wb.E("Contacts:Category", "MS-ASCNTCCategory")),
        Wb.E("Contacts:Children", Wb.E("Contacts:Child", "Child of the contact")),
        Wb.E("Contacts:CompanyName", "Microsoft"),
        Wb.E("Contacts:Department", "Testing"),
        Wb.E("Contacts:Email1Address", "Email1@contoso.com"),
        Wb.E("Contacts:Email2Address", "Email2@contoso.com"),
        Wb.E("Contacts:Email3Address", "Email3@contoso.com"),
        Wb.E("Contacts:FileAs", fileAs),
        Wb.E("Contacts:FirstName", "Aaron"),
        Wb.E("Contacts:Home2PhoneNumber", "1234568742"),
        Wb.E("Contacts:HomeAddressCity", "Princeton"),
        Wb.E("Contacts:HomeAddressCountry", "United States"),
        Wb.E("Contacts:HomeAddressPostalCode", "08989"),
        Wb.E("Contacts:HomeAddressState", "New Jersey"),
        Wb.E("Contacts:HomeAddressStreet", "Nassauy"),
        Wb.E("Contacts:HomeFaxNumber", "012345678"),
        Wb.E("Contacts:HomePhoneNumber", "014578932"),
        Wb.E("Contacts:JobTitle", "Tester"),
        Wb.E("Contacts:LastName", "Clinton"),
        Wb.E("Contacts:MiddleName", "Jafferson"),
        Wb.E("Contacts:MobilePhoneNumber", "12345678932"),
        Wb.E("Contacts:OfficeLocation", "Beijing"),
        Wb.E("Contacts:OtherAddressCity", "Toronto"),
        Wb.E("Contacts:OtherAddressCountry", "Canada"),
        Wb.E("Contacts:OtherAddressPostalCode", "K1N5H3"),
        Wb.E("Contacts:OtherAddressState", "Ontario"),
        Wb.E("Contacts:OtherAddressStreet", "Avenue"),
        Wb.E("Contacts:PagerNumber", "1"),
        Wb.E("Contacts:RadioPhoneNumber", "1234562589"),
        Wb.E("Contacts:Spouse", "Emily"),
        Wb.E("Contacts:Suffix", "CL."),
        Wb.E("Contacts:Title", "Test"),
        Wb.E("Contacts:WebPage", "http://Test.html"),
        Wb.E("Contacts:YomiCompanyName", "Sony"),
        Wb.E("Contacts:YomiFirstName", "Hanasaki"),
        Wb.E("Contacts:YomiLastName", "Tsuki"),
        Wb.E("Contacts:Picture", Convert.ToBase64String(Picture)),
        Wb.E("Contacts2:CustomerId", "Customer1"),
        Wb.E("Contacts2:GovernmentId", "99910819810809502X"),
        Wb.E("Contacts2:IMAddress", "InstantIMAddress"),
        Wb.E("Contacts2:IMAddress2", "AlternativeIMAddress"),
        Wb.E("Contacts2:IMAddress3", "TertiaryIMAddress"),
        Wb.E("Contacts2:ManagerName", "Jodge"),
        Wb.E("Contacts2:CompanyMainPhone", "23456987"),
        Wb.E("Contacts2:AccountName", "Contact1"),
        Wb.E("Contacts2:NickName", "Ara"),
        Wb.E("Contacts2:MMS", "mms://enmms.chinabroadcast.cn"));

    /// MS-ASCNTC VerifyContactClassElements: every property comes back; dates as the same day, e-mail addresses containing the address.
    private static void AssertContact(WbxmlElement sent, WbxmlElement properties)
    {
        var exact = Wb.E("AirSync:ApplicationData", sent.Children.Where(c => c.Name is not ("Anniversary" or "Birthday" or "Email1Address" or "Email2Address" or "Email3Address")).ToList());
        ScenarioItems.AssertHasEverything(exact, properties);
        foreach (var name in new[] { "Anniversary", "Birthday" })
        {
            Assert.Equal(DateTime.Parse(sent.Value($"Contacts:{name}")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
                DateTime.Parse(properties.Value($"Contacts:{name}")!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        }

        foreach (var name in new[] { "Email1Address", "Email2Address", "Email3Address" })
            Assert.Contains(sent.Value($"Contacts:{name}")!, properties.Value($"Contacts:{name}"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Scenario", "MSASCNTC_S02_TC01_ItemOperations_RetrieveContact")]
    public async Task ItemOperationsReturnsEveryPropertyOfTheContact()
    {
        var sent = Contact("Contact fetched by ItemOperations");
        var (contacts, serverId) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Contacts, EasClass.Contacts, sent);
        using var device = await _server.DeviceAsync();
        var fetch = await ScenarioItems.FetchAsync(device, contacts, serverId, Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1")));
        Assert.Equal("1", fetch.Value("ItemOperations:Status"));
        Assert.Equal("Contacts", fetch.Value("AirSync:Class"));
        AssertContact(sent, fetch.Element("ItemOperations", "Properties")!);
    }

    [Fact]
    [Trait("Scenario", "MSASCNTC_S02_TC02_ItemOperations_TruncateBody")]
    public async Task ItemOperationsCutsTheContactsBodyAtTheTruncationSize()
    {
        var (contacts, serverId) = await ScenarioItems.AddAsync(_server, WellKnownFolder.Contacts, EasClass.Contacts, Contact("Contact with a cut body"));
        using var device = await _server.DeviceAsync();
        var fetch = await ScenarioItems.FetchAsync(device, contacts, serverId,
            Wb.E("AirSyncBase:BodyPreference", Wb.E("AirSyncBase:Type", "1"), Wb.E("AirSyncBase:TruncationSize", "8")));
        var body = fetch.Find("AirSyncBase:Body")!;
        Assert.Equal(BodyData[..8], body.Value("AirSyncBase:Data"));
        Assert.Equal("1", body.Value("AirSyncBase:Truncated"));
    }
}
