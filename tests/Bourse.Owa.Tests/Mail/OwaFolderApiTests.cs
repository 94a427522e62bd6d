using System.Net;
using Bourse.Core.Model;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Mail;

/// <summary>Folders over real HTTPS: listing with counts, create, rename, move, delete to Deleted Items, empty; well-known folders protected.</summary>
public sealed class OwaFolderApiTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FoldersListTheIpmSubtreeInOutlookOrderWithCounts()
    {
        await _server.DeliverAsync("alice", subject: "One", body: "Hello.");
        await _server.DeliverAsync("alice", subject: "Two", body: "Hello.");
        using var alice = await _server.SignInAsync();
        var folders = (await MailApi.FoldersAsync(alice)).EnumerateArray().ToArray();
        var names = folders.Select(f => f.GetProperty("wellKnown").GetString()!).ToArray();
        Assert.Equal(["inbox", "drafts", "sentitems", "deleteditems", "junkemail", "outbox", "calendar", "contacts", "tasks", "notes", "journal"], names);
        var inbox = folders[0];
        Assert.Equal(2, inbox.GetProperty("unreadCount").GetInt32());
        Assert.Equal(2, inbox.GetProperty("totalCount").GetInt32());
        Assert.Equal("mail", inbox.GetProperty("kind").GetString());
        Assert.Equal("calendar", folders[6].GetProperty("kind").GetString());
        // The Journal holds journal entries, not mail: the client keeps it out of the mail folder tree.
        Assert.Equal("journal", folders[10].GetProperty("kind").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, inbox.GetProperty("parentId").ValueKind);
        // Root, the IPM subtree and hidden folders are not shown.
        Assert.DoesNotContain(folders, f => f.GetProperty("name").GetString() is "Root" or "Top of Information Store" or "Finder");
    }

    [Fact]
    public async Task UnreadCountFollowsReadState()
    {
        await _server.DeliverAsync("alice", subject: "Unread one", body: "Hello.");
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Unread one");
        using var patched = await alice.PatchJsonAsync($"/owa/service/messages/{id}", new { isRead = true });
        await OwaSession.ReadAsync(patched, HttpStatusCode.OK);
        Assert.Equal(0, (await MailApi.FolderAsync(alice, "inbox")).GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task CreateRenameMoveAndDeleteAFolder()
    {
        using var alice = await _server.SignInAsync();
        var inboxId = await MailApi.FolderIdAsync(alice, "inbox");
        var projects = await MailApi.PostAsync(alice, "/owa/service/folders", new { parentId = (string?)null, name = "Projects" }, HttpStatusCode.Created);
        Assert.Equal("Projects", projects.GetProperty("name").GetString());
        Assert.Equal("mail", projects.GetProperty("kind").GetString());
        var projectsId = projects.GetProperty("id").GetString()!;
        var child = await MailApi.PostAsync(alice, "/owa/service/folders", new { parentId = projectsId, name = "Bourse" }, HttpStatusCode.Created);
        Assert.Equal(projectsId, child.GetProperty("parentId").GetString());
        var childId = child.GetProperty("id").GetString()!;

        // The same name twice under one parent.
        using (var dup = await alice.PostJsonAsync("/owa/service/folders", new { parentId = projectsId, name = "bourse" }))
            await OwaSession.AssertErrorAsync(dup, HttpStatusCode.Conflict, "AlreadyExists");

        using (var renamed = await alice.PatchJsonAsync($"/owa/service/folders/{childId}", new { name = "Bourse 2026" }))
            Assert.Equal("Bourse 2026", (await OwaSession.ReadAsync(renamed, HttpStatusCode.OK)).GetProperty("name").GetString());
        using (var moved = await alice.PatchJsonAsync($"/owa/service/folders/{childId}", new { parentId = inboxId }))
            Assert.Equal(inboxId, (await OwaSession.ReadAsync(moved, HttpStatusCode.OK)).GetProperty("parentId").GetString());
        // Into its own subtree: refused.
        using (var cycle = await alice.PatchJsonAsync($"/owa/service/folders/{projectsId}", new { parentId = projectsId }))
            await OwaSession.AssertErrorAsync(cycle, HttpStatusCode.BadRequest, "InvalidValue");
        // Back to the top with parentId null.
        using (var top = await alice.PatchJsonAsync($"/owa/service/folders/{childId}", new { parentId = (string?)null }))
            Assert.Equal(System.Text.Json.JsonValueKind.Null, (await OwaSession.ReadAsync(top, HttpStatusCode.OK)).GetProperty("parentId").ValueKind);

        // Delete: moved under Deleted Items, then deleted for good from there.
        using (var deleted = await alice.DeleteAsync($"/owa/service/folders/{projectsId}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var deletedItemsId = await MailApi.FolderIdAsync(alice, "deleteditems");
        var inDeleted = (await MailApi.FoldersAsync(alice)).EnumerateArray().Single(f => f.GetProperty("id").GetString() == projectsId);
        Assert.Equal(deletedItemsId, inDeleted.GetProperty("parentId").GetString());
        using (var again = await alice.DeleteAsync($"/owa/service/folders/{projectsId}"))
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.DoesNotContain((await MailApi.FoldersAsync(alice)).EnumerateArray(), f => f.GetProperty("id").GetString() == projectsId);
        using (var permanent = await alice.DeleteAsync($"/owa/service/folders/{childId}?permanent=true"))
            Assert.Equal(HttpStatusCode.NoContent, permanent.StatusCode);
        Assert.DoesNotContain((await MailApi.FoldersAsync(alice)).EnumerateArray(), f => f.GetProperty("id").GetString() == childId);
    }

    [Fact]
    public async Task ASubfolderOfCalendarIsACalendar()
    {
        using var alice = await _server.SignInAsync();
        var calendarId = await MailApi.FolderIdAsync(alice, "calendar");
        var created = await MailApi.PostAsync(alice, "/owa/service/folders", new { parentId = calendarId, name = "Team" }, HttpStatusCode.Created);
        Assert.Equal("calendar", created.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("inbox")]
    [InlineData("deleteditems")]
    [InlineData("calendar")]
    public async Task WellKnownFoldersCannotBeRenamedMovedOrDeleted(string wellKnown)
    {
        using var alice = await _server.SignInAsync();
        var id = await MailApi.FolderIdAsync(alice, wellKnown);
        var other = await MailApi.FolderIdAsync(alice, "junkemail");
        using (var rename = await alice.PatchJsonAsync($"/owa/service/folders/{id}", new { name = "Renamed" }))
            await OwaSession.AssertErrorAsync(rename, HttpStatusCode.Conflict, "WellKnownFolder");
        using (var move = await alice.PatchJsonAsync($"/owa/service/folders/{id}", new { parentId = other }))
            await OwaSession.AssertErrorAsync(move, HttpStatusCode.Conflict, "WellKnownFolder");
        using (var delete = await alice.DeleteAsync($"/owa/service/folders/{id}"))
            await OwaSession.AssertErrorAsync(delete, HttpStatusCode.Conflict, "WellKnownFolder");
        Assert.Contains((await MailApi.FoldersAsync(alice)).EnumerateArray(), f => f.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task EmptyingDeletedItemsRemovesItsMessagesAndFolders()
    {
        await _server.DeliverAsync("alice", subject: "Old news", body: "Hello.");
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Old news");
        await MailApi.PostAsync(alice, "/owa/service/messages/actions", new { action = "delete", ids = new[] { id } });
        var folder = await MailApi.PostAsync(alice, "/owa/service/folders", new { parentId = (string?)null, name = "Scratch" }, HttpStatusCode.Created);
        using (var d = await alice.DeleteAsync($"/owa/service/folders/{folder.GetProperty("id").GetString()}"))
            Assert.Equal(HttpStatusCode.NoContent, d.StatusCode);
        var deletedItemsId = await MailApi.FolderIdAsync(alice, "deleteditems");
        Assert.Equal(1, (await MailApi.FolderAsync(alice, "deleteditems")).GetProperty("totalCount").GetInt32());

        using (var empty = await alice.SendAsync(HttpMethod.Post, $"/owa/service/folders/{deletedItemsId}/empty"))
            Assert.Equal(HttpStatusCode.NoContent, empty.StatusCode);
        var after = await MailApi.FolderAsync(alice, "deleteditems");
        Assert.Equal(0, after.GetProperty("totalCount").GetInt32());
        Assert.False(after.GetProperty("hasChildren").GetBoolean());

        var inboxId = await MailApi.FolderIdAsync(alice, "inbox");
        using var refused = await alice.SendAsync(HttpMethod.Post, $"/owa/service/folders/{inboxId}/empty");
        await OwaSession.AssertErrorAsync(refused, HttpStatusCode.Conflict, "Conflict");
    }

    [Fact]
    public async Task FolderNamesAreValidated()
    {
        using var alice = await _server.SignInAsync();
        foreach (var name in new[] { "", "   ", new string('x', 256), "bad\nname" })
        {
            using var response = await alice.PostJsonAsync("/owa/service/folders", new { parentId = (string?)null, name });
            await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
        }
    }

    [Fact]
    public async Task HiddenFoldersAreNotFound()
    {
        using var alice = await _server.SignInAsync();
        var user = await _server.UserAsync("alice");
        var root = await _server.Store.GetWellKnownFolderAsync(user.MailboxId, WellKnownFolder.Root);
        var subtree = await _server.Store.GetWellKnownFolderAsync(user.MailboxId, WellKnownFolder.IpmSubtree);
        foreach (var f in new[] { root!, subtree! })
        {
            var id = Bourse.Core.Ids.StoreIds.Encode(user.MailboxId, f.Id);
            using (var list = await alice.GetAsync($"/owa/service/folders/{id}/messages"))
                await OwaSession.AssertErrorAsync(list, HttpStatusCode.NotFound, "NotFound");
            using (var rename = await alice.PatchJsonAsync($"/owa/service/folders/{id}", new { name = "x" }))
                await OwaSession.AssertErrorAsync(rename, HttpStatusCode.NotFound, "NotFound");
        }
    }
}
