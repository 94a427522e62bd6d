using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Mail;

/// <summary>The mail part of the API under /owa/service (docs/owa-api.md: Session, Folders, Messages, Compose).</summary>
internal static class OwaMailEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/session", (Func<HttpContext, Task<IResult>>)OwaSessionEndpoint.GetAsync);

        api.MapGet("/folders", (Func<HttpContext, Task<IResult>>)OwaFolderEndpoints.ListAsync);
        api.MapPost("/folders", (Func<HttpContext, Task<IResult>>)OwaFolderEndpoints.CreateAsync);
        api.MapPatch("/folders/{id}", OwaFolderEndpoints.UpdateAsync);
        api.MapDelete("/folders/{id}", OwaFolderEndpoints.DeleteAsync);
        api.MapPost("/folders/{id}/empty", OwaFolderEndpoints.EmptyAsync);

        api.MapGet("/folders/{id}/messages", OwaMessageEndpoints.ListAsync);
        api.MapPost("/messages/actions", (Func<HttpContext, Task<IResult>>)OwaMessageEndpoints.ActionsAsync);
        api.MapGet("/messages/{id}", OwaMessageEndpoints.GetAsync);
        api.MapPatch("/messages/{id}", OwaMessageEndpoints.PatchAsync);
        api.MapGet("/messages/{id}/attachments/{attId}", OwaAttachmentDownload.GetAsync);
        api.MapGet("/search", (Func<HttpContext, Task<IResult>>)OwaMessageEndpoints.SearchAsync);

        api.MapPost("/drafts", (Func<HttpContext, Task<IResult>>)OwaComposeEndpoints.CreateAsync);
        api.MapPut("/drafts/{id}", OwaComposeEndpoints.UpdateAsync);
        api.MapDelete("/drafts/{id}", OwaComposeEndpoints.DiscardAsync);
        api.MapPost("/messages/{id}/reply", OwaComposeEndpoints.ReplyAsync);
        api.MapPost("/drafts/{id}/attachments", OwaComposeEndpoints.AddAttachmentAsync);
        api.MapDelete("/drafts/{id}/attachments/{attId}", OwaComposeEndpoints.RemoveAttachmentAsync);
        api.MapPost("/drafts/{id}/send", OwaComposeEndpoints.SendAsync);
    }
}
