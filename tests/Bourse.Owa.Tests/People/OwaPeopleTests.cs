using System.Net;
using System.Text.Json;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.People;

/// <summary>The People part of docs/owa-api.md over real HTTPS: suggestions, the address list, contacts as ActiveSync stores them.</summary>
public sealed class OwaPeopleTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await OwaTestServer.StartAsync(null, "alice", "bob", "albert", "carol");
        Assert.True((await _server.Directory.CreateGroupAsync("all-staff@" + OwaTestServer.Domain, "All Staff")).IsSuccess);
        Assert.True((await _server.Directory.CreateUserAsync(new NewDirectoryUser("boardroom@" + OwaTestServer.Domain) { DisplayName = "Boardroom", Kind = RecipientKind.Room })).IsSuccess);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Ada(string? folderId = null) => new
    {
        folderId, displayName = "Ada Lovelace", givenName = "Ada", surname = "Lovelace", company = "Analytical Engines", jobTitle = "Analyst",
        department = "Research", emails = new[] { "ada@example.com", "ada.l@example.org" }, businessPhone = "+44 20 1234", mobilePhone = "+44 7700 900",
        homePhone = "", street = "12 St James's Sq", city = "London", state = "", postalCode = "SW1Y", country = "UK", birthday = "1815-12-10",
        notes = "Met at the\nRoyal Society",
    };

    private async Task<JsonElement> CreateAsync(OwaSession session, object body)
    {
        using var response = await session.PostJsonAsync("/owa/service/contacts", body);
        return await OwaSession.ReadAsync(response, HttpStatusCode.Created);
    }

    [Fact]
    public async Task AContactIsStoredWithActiveSyncsProperties()
    {
        using var alice = await _server.SignInAsync();
        var created = await CreateAsync(alice, Ada());
        var item = await _server.StoredItemAsync(created.GetProperty("id").GetString()!);
        var bag = item.Properties;
        Assert.Equal("IPM.Contact", item.MessageClass);
        var contacts = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Contacts);
        Assert.Equal(contacts!.Id, item.FolderId);
        Assert.Equal("Ada Lovelace", bag.GetString(PropTags.DisplayName));
        Assert.Equal("Ada", bag.GetString(PropTags.GivenName));
        Assert.Equal("Lovelace", bag.GetString(PropTags.Surname));
        Assert.Equal("Analytical Engines", bag.GetString(PropTags.CompanyName));
        Assert.Equal("Analyst", bag.GetString(PropTags.Title));
        Assert.Equal("Research", bag.GetString(PropTags.DepartmentName));
        Assert.Equal("ada@example.com", bag.GetString(NamedProps.Email1Address));
        Assert.Equal("SMTP", bag.GetString(NamedProps.Email1AddressType));
        Assert.Equal("ada.l@example.org", bag.GetString(NamedProps.Email2Address));
        Assert.Null(bag.GetString(NamedProps.Email3Address));
        Assert.Equal("+44 20 1234", bag.GetString(PropTags.BusinessTelephoneNumber));
        Assert.Equal("+44 7700 900", bag.GetString(PropTags.MobileTelephoneNumber));
        Assert.Null(bag.GetString(PropTags.HomeTelephoneNumber));
        Assert.Equal("London", bag.GetString(NamedProps.WorkAddressCity));
        Assert.Equal("12 St James's Sq", bag.GetString(NamedProps.WorkAddressStreet));
        Assert.Equal(new DateTime(1815, 12, 10, 0, 0, 0, DateTimeKind.Utc), bag.GetDateTime(PropTags.Birthday));
        Assert.Equal("Met at the\r\nRoyal Society", bag.GetString(PropTags.Body));
        Assert.Equal("Lovelace, Ada", bag.GetString(NamedProps.FileUnder));

        var read = await alice.GetJsonAsync("/owa/service/contacts/" + created.GetProperty("id").GetString());
        Assert.Equal("1815-12-10", read.GetProperty("birthday").GetString());
        Assert.Equal(["ada@example.com", "ada.l@example.org"], read.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Met at the\nRoyal Society", read.GetProperty("notes").GetString());
    }

    [Fact]
    public async Task AContactFromAPhoneIsListedWithItsLocalBirthday()
    {
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var contacts = (await _server.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Contacts))!;
        // What ActiveSync stores for a phone in Paris: local midnight of 17 May as UTC.
        var bag = new PropertyBag().Set(PropTags.MessageClass, "IPM.Contact").Set(PropTags.DisplayName, "Zoe Phone").Set(PropTags.Subject, "Zoe Phone")
            .Set(NamedProps.Email1Address, PropertyValue.Unicode("zoe@example.net"))
            .Set(PropTags.Birthday, new DateTime(1990, 5, 16, 22, 0, 0, DateTimeKind.Utc));
        Assert.True((await _server.Store.CreateItemAsync(mailbox, contacts.Id, new NewItem(bag))).IsSuccess);
        var list = await alice.GetJsonAsync("/owa/service/contacts?q=zoe");
        var zoe = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("1990-05-17", zoe.GetProperty("birthday").GetString());
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ContactsAreListedByNameSearchedAndPaged()
    {
        using var alice = await _server.SignInAsync();
        await CreateAsync(alice, Ada());
        await CreateAsync(alice, new { givenName = "Charles", surname = "Babbage", emails = new[] { "charles@example.com" } });
        await CreateAsync(alice, new { company = "Difference Ltd" });
        var all = await alice.GetJsonAsync("/owa/service/contacts");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(["Ada Lovelace", "Charles Babbage", "Difference Ltd"], all.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("displayName").GetString()));
        var page = await alice.GetJsonAsync("/owa/service/contacts?offset=1&limit=1");
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal("Charles Babbage", Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("displayName").GetString());
        var byAddress = await alice.GetJsonAsync("/owa/service/contacts?q=example.org");
        Assert.Equal("Ada Lovelace", Assert.Single(byAddress.GetProperty("items").EnumerateArray()).GetProperty("displayName").GetString());
        using var bob = await _server.SignInAsync("bob");
        Assert.Equal(0, (await bob.GetJsonAsync("/owa/service/contacts")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task APutNamingAnotherContactsFolderMovesTheContact()
    {
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var contacts = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Contacts);
        var family = await _server.Store.CreateFolderAsync(mailbox, contacts.Id, "Family", "IPF.Contact");
        Assert.True(family.IsSuccess);
        var familyId = StoreIds.Encode(mailbox, family.Value.Id);
        var id = (await CreateAsync(alice, Ada())).GetProperty("id").GetString()!;

        using (var put = await alice.PutJsonAsync("/owa/service/contacts/" + id, new { displayName = "Ada Lovelace", folderId = familyId }))
            Assert.Equal(familyId, (await OwaSession.ReadAsync(put, HttpStatusCode.OK)).GetProperty("folderId").GetString());
        Assert.Equal(family.Value.Id, (await _server.StoredItemAsync(id)).FolderId);
        Assert.Equal(0, (await alice.GetJsonAsync("/owa/service/contacts")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await alice.GetJsonAsync("/owa/service/contacts?folderId=" + familyId)).GetProperty("total").GetInt32());

        // The Calendar is not a contacts folder: refused, and the contact stays where it is.
        var calendar = await _server.WellKnownFolderIdAsync("alice", WellKnownFolder.Calendar);
        using (var wrong = await alice.PutJsonAsync("/owa/service/contacts/" + id, new { displayName = "Ada Lovelace", folderId = calendar }))
            await OwaSession.AssertErrorAsync(wrong, HttpStatusCode.BadRequest, "InvalidValue");
        Assert.Equal(family.Value.Id, (await _server.StoredItemAsync(id)).FolderId);
    }

    [Fact]
    public async Task PutReplacesAndDeleteMovesToDeletedItems()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Ada())).GetProperty("id").GetString()!;
        using (var put = await alice.PutJsonAsync("/owa/service/contacts/" + id, new { givenName = "Augusta", surname = "King", emails = new[] { "augusta@example.com" } }))
        {
            var read = await OwaSession.ReadAsync(put, HttpStatusCode.OK);
            Assert.Equal("Augusta King", read.GetProperty("displayName").GetString());
            Assert.Equal("", read.GetProperty("company").GetString());
            Assert.Equal(JsonValueKind.Null, read.GetProperty("birthday").ValueKind);
        }

        var bag = (await _server.StoredItemAsync(id)).Properties;
        Assert.Null(bag.GetString(PropTags.CompanyName));
        Assert.Null(bag.GetString(NamedProps.Email2Address));
        Assert.Null(bag.GetDateTime(PropTags.Birthday));
        Assert.Equal("augusta@example.com", bag.GetString(NamedProps.Email1Address));

        using (var delete = await alice.DeleteAsync("/owa/service/contacts/" + id))
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var deleted = await _server.WellKnownFolderAsync("alice", WellKnownFolder.DeletedItems);
        Assert.Equal(deleted!.Id, (await _server.StoredItemAsync(id)).FolderId);
        Assert.Equal(0, (await alice.GetJsonAsync("/owa/service/contacts")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task SuggestionsComeFromContactsAndTheDirectory()
    {
        using var alice = await _server.SignInAsync();
        await CreateAsync(alice, new { displayName = "Alfred Contact", emails = new[] { "alfred@example.com" } });
        var items = (await alice.GetJsonAsync("/owa/service/people/suggest?q=al")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["alfred@example.com", "albert@bourse.test", "alice@bourse.test", "all-staff@bourse.test"], items.Select(i => i.GetProperty("address").GetString()));
        Assert.Equal("contacts", items[0].GetProperty("source").GetString());
        Assert.Equal("directory", items[1].GetProperty("source").GetString());
        Assert.Equal("Albert", items[1].GetProperty("name").GetString());
        Assert.Empty((await alice.GetJsonAsync("/owa/service/people/suggest?q=")).GetProperty("items").EnumerateArray());
        Assert.Empty((await alice.GetJsonAsync("/owa/service/people/suggest?q=zzz")).GetProperty("items").EnumerateArray());
        // Bob does not see Alice's contacts.
        using var bob = await _server.SignInAsync("bob");
        Assert.DoesNotContain("alfred@example.com", (await bob.GetJsonAsync("/owa/service/people/suggest?q=al")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("address").GetString()));
    }

    [Fact]
    public async Task TheDirectoryListsUsersRoomsAndGroups()
    {
        using var alice = await _server.SignInAsync();
        var gal = await alice.GetJsonAsync("/owa/service/directory");
        Assert.Equal(6, gal.GetProperty("total").GetInt32());
        var entries = gal.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Albert", "Alice", "All Staff", "Boardroom", "Bob", "Carol"], entries.Select(e => e.GetProperty("name").GetString()));
        Assert.Equal("group", entries[2].GetProperty("kind").GetString());
        Assert.Equal("room", entries[3].GetProperty("kind").GetString());
        Assert.Equal("user", entries[0].GetProperty("kind").GetString());
        var search = await alice.GetJsonAsync("/owa/service/directory?q=bo&offset=1&limit=1");
        Assert.Equal(2, search.GetProperty("total").GetInt32());
        Assert.Equal("Bob", Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("/owa/service/directory?limit=-1")]
    [InlineData("/owa/service/directory?offset=abc")]
    [InlineData("/owa/service/contacts?limit=0")]
    [InlineData("/owa/service/contacts?folderId=nonsense")]
    public async Task BadListQueries(string path)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.GetAsync(path);
        if (path.Contains("folderId", StringComparison.Ordinal))
            await OwaSession.AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFound");
        else
            await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"displayName":"x","emails":["a@b.c","d@e.f","g@h.i","j@k.l"]}""")]
    [InlineData("""{"displayName":"x","emails":["not an address"]}""")]
    [InlineData("""{"displayName":"x","birthday":"10 Dec 1815"}""")]
    [InlineData("""{"displayName":"x","emails":"a@b.c"}""")]
    [InlineData("""{"displayName":""")]
    public async Task BadContactsAreInvalidValueAndCreateNothing(string json)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.SendJsonTextAsync(HttpMethod.Post, "/owa/service/contacts", json);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
        var contacts = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Contacts);
        Assert.Equal(0, contacts!.TotalCount);
    }

    [Fact]
    public async Task OversizeContactIs413()
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.PostJsonAsync("/owa/service/contacts", new { displayName = "x", notes = new string('n', 70 * 1024) });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    [Fact]
    public async Task AnotherUsersContactOrFolderIsNotFoundLikeAMissingOne()
    {
        using var alice = await _server.SignInAsync();
        using var bob = await _server.SignInAsync("bob");
        var bobs = (await CreateAsync(bob, Ada())).GetProperty("id").GetString()!;
        var bobsFolder = await _server.WellKnownFolderIdAsync("bob", WellKnownFolder.Contacts);
        foreach (var id in new[] { bobs, "AAAA" + bobs[4..], "x", StoreIds.Encode((await _server.UserAsync("alice")).MailboxId, new ItemId(987654)) })
            await alice.AssertNotFoundToReadWriteAndDeleteAsync("/owa/service/contacts/" + id, new { displayName = "Mine" });

        using (var list = await alice.GetAsync("/owa/service/contacts?folderId=" + bobsFolder))
            await OwaSession.AssertErrorAsync(list, HttpStatusCode.NotFound, "NotFound");
        using (var create = await alice.PostJsonAsync("/owa/service/contacts", Ada(bobsFolder)))
            await OwaSession.AssertErrorAsync(create, HttpStatusCode.NotFound, "NotFound");
        Assert.Equal("Ada Lovelace", (await _server.StoredItemAsync(bobs)).Properties.GetString(PropTags.DisplayName));
        Assert.Equal(1, (await bob.GetJsonAsync("/owa/service/contacts")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnEventIsNotAContactAndTheCalendarIsNotAContactsFolder()
    {
        using var alice = await _server.SignInAsync();
        using var created = await alice.PostJsonAsync("/owa/service/calendar/events", new { subject = "x", startUtc = "2026-03-01T10:00:00Z", endUtc = "2026-03-01T11:00:00Z" });
        var eventId = (await OwaSession.ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetString();
        using (var get = await alice.GetAsync("/owa/service/contacts/" + eventId))
            await OwaSession.AssertErrorAsync(get, HttpStatusCode.NotFound, "NotFound");
        var calendar = await _server.WellKnownFolderIdAsync("alice", WellKnownFolder.Calendar);
        using (var create = await alice.PostJsonAsync("/owa/service/contacts", Ada(calendar)))
            await OwaSession.AssertErrorAsync(create, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task WritesWithoutTheCanaryAreRefused()
    {
        using var alice = await _server.SignInAsync();
        var id = (await CreateAsync(alice, Ada())).GetProperty("id").GetString()!;
        alice.SendCanary = false;
        using (var post = await alice.PostJsonAsync("/owa/service/contacts", Ada()))
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        using (var put = await alice.PutJsonAsync("/owa/service/contacts/" + id, new { displayName = "Changed" }))
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using (var delete = await alice.DeleteAsync("/owa/service/contacts/" + id))
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        var item = await _server.StoredItemAsync(id);
        Assert.Equal("Ada Lovelace", item.Properties.GetString(PropTags.DisplayName));
        var contacts = await _server.WellKnownFolderAsync("alice", WellKnownFolder.Contacts);
        Assert.Equal(1, contacts!.TotalCount);
        Assert.Equal(contacts.Id, item.FolderId);
    }
}
