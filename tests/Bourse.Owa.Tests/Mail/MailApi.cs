using System.Net;
using System.Text;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox;
using System.Text.Json;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Mail;

/// <summary>Small helpers over the mail API for the tests of this folder.</summary>
internal static class MailApi
{
    public static async Task<JsonElement> FoldersAsync(OwaSession session) =>
        (await session.GetJsonAsync("/owa/service/folders")).GetProperty("folders");

    public static async Task<JsonElement> FolderAsync(OwaSession session, string wellKnown) =>
        (await FoldersAsync(session)).EnumerateArray().Single(f => f.GetProperty("wellKnown").GetString() == wellKnown);

    public static async Task<string> FolderIdAsync(OwaSession session, string wellKnown) =>
        (await FolderAsync(session, wellKnown)).GetProperty("id").GetString()!;

    public static async Task<JsonElement> ListAsync(OwaSession session, string folderId, string query = "") =>
        await session.GetJsonAsync($"/owa/service/folders/{folderId}/messages{query}");

    public static async Task<JsonElement[]> ItemsAsync(OwaSession session, string wellKnown)
    {
        var folderId = await FolderIdAsync(session, wellKnown);
        return (await ListAsync(session, folderId, "?limit=200")).GetProperty("items").EnumerateArray().ToArray();
    }

    /// <summary>The id of the only message with this subject in the folder.</summary>
    public static async Task<string> MessageIdAsync(OwaSession session, string wellKnown, string subject) =>
        (await ItemsAsync(session, wellKnown)).Single(i => i.GetProperty("subject").GetString() == subject).GetProperty("id").GetString()!;

    public static async Task<JsonElement> MessageAsync(OwaSession session, string id, string query = "") =>
        await session.GetJsonAsync($"/owa/service/messages/{id}{query}");

    public static async Task<JsonElement> PostAsync(OwaSession session, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await session.PostJsonAsync(path, body);
        return await OwaSession.ReadAsync(response, expected);
    }

    public static async Task<JsonElement> CreateDraftAsync(OwaSession session, object draft)
    {
        using var response = await session.PostJsonAsync("/owa/service/drafts", draft);
        return await OwaSession.ReadAsync(response, HttpStatusCode.Created);
    }

    public static object Address(string address, string? name = null) => new { name = name ?? address, address };

    public static string[] Addresses(JsonElement list) => list.EnumerateArray().Select(a => a.GetProperty("address").GetString()!).ToArray();

    /// <summary>Files a MIME message in the user's Inbox with the given delivery time (the received time lists sort and filter on).</summary>
    public static async Task FileAsync(OwaTestServer server, string user, string mime, DateTime receivedUtc)
    {
        var u = await server.UserAsync(user);
        var inbox = await server.Store.GetWellKnownFolderAsync(u.MailboxId, WellKnownFolder.Inbox);
        var item = MimeItemMapper.Map(Encoding.UTF8.GetBytes(mime));
        item.Properties.Set(PropTags.MessageDeliveryTime, receivedUtc);
        var r = await server.Store.CreateItemAsync(u.MailboxId, inbox!.Id, item);
        Assert.True(r.IsSuccess, r.ToString());
    }
}
