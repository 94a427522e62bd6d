using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.People;

/// <summary>The people part of the API under /owa/service (docs/owa-api.md, "People").</summary>
internal static class OwaPeopleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/people/suggest", (HttpContext c, IMailStore store, IDirectory directory) =>
            OwaCaller.WithMailbox(c, m => PeopleApi.SuggestAsync(c, store, directory, m)));
        api.MapGet("/directory", (HttpContext c, IDirectory directory) => OwaCaller.WithMailbox(c, _ => PeopleApi.DirectoryAsync(c, directory)));
        api.MapGet("/contacts", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => PeopleApi.ListContactsAsync(c, store, m)));
        api.MapPost("/contacts", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => PeopleApi.CreateContactAsync(c, store, m)));
        api.MapGet("/contacts/{id}", (HttpContext c, string id, IMailStore store) => OwaCaller.WithMailbox(c, m => PeopleApi.GetContactAsync(c, store, m, id)));
        api.MapPut("/contacts/{id}", (HttpContext c, string id, IMailStore store) => OwaCaller.WithMailbox(c, m => PeopleApi.UpdateContactAsync(c, store, m, id)));
        api.MapDelete("/contacts/{id}", (HttpContext c, string id, IMailStore store, MailboxOperations operations) =>
            OwaCaller.WithMailbox(c, m => PeopleApi.DeleteContactAsync(c, store, operations, m, id)));
    }
}
