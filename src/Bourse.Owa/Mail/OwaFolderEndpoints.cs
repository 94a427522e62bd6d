using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Owa.Mail;

/// <summary>Folders (docs/owa-api.md): list with counts, create, rename/move, delete (to Deleted Items), empty.</summary>
internal static class OwaFolderEndpoints
{
    private const int MaxNameChars = 255;

    public static async Task<IResult> ListAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var view = await LoadAsync(context, mailbox);
        return OwaJson.Ok(new FolderListDto(view.ToList()));
    }

    public static async Task<IResult> CreateAsync(HttpContext context)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<NewFolderRequest>(context);
        if (error is not null)
            return error;
        if (ValidName(body!.Name) is not { } name)
            return OwaErrors.BadRequest("InvalidValue", "A folder needs a name of 1 to 255 characters.");
        var view = await LoadAsync(context, mailbox);
        Folder parent;
        if (body.ParentId is null)
        {
            if (view.Top is not { } top || await Store(context).GetFolderAsync(mailbox, top, context.RequestAborted) is not { } subtree)
                return OwaErrors.NotFound();
            parent = subtree;
        }
        else if (!OwaIds.TryFolder(mailbox, body.ParentId, out var parentId) || view.Find(parentId) is not { } found)
        {
            return OwaErrors.NotFound();
        }
        else
        {
            parent = found;
        }
        // A new folder holds what its parent holds (a subfolder of Calendar is a calendar); at the top, mail.
        var created = await Store(context).CreateFolderAsync(mailbox, parent.Id, name, parent.ContainerClass ?? "IPF.Note", null, context.RequestAborted);
        if (!created.IsSuccess)
            return Failure(created.Error);
        return OwaJson.Ok(view.ToDto(created.Value), StatusCodes.Status201Created);
    }

    public static async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var (body, error) = await OwaJson.ReadAsync<JsonObject>(context);
        if (error is not null)
            return error;
        var view = await LoadAsync(context, mailbox);
        if (!OwaIds.TryFolder(mailbox, id, out var folderId) || view.Find(folderId) is not { } folder)
            return OwaErrors.NotFound();

        string? newName = null;
        if (body!.TryGetPropertyValue("name", out var nameNode) && nameNode is not null)
        {
            if (nameNode.GetValueKind() != JsonValueKind.String || ValidName(nameNode.GetValue<string>()) is not { } n)
                return OwaErrors.BadRequest("InvalidValue", "A folder needs a name of 1 to 255 characters.");
            newName = n;
        }
        FolderId? newParent = null;
        if (body.TryGetPropertyValue("parentId", out var parentNode))
        {
            if (parentNode is null)
            {
                newParent = view.Top;
            }
            else if (parentNode.GetValueKind() != JsonValueKind.String)
            {
                return OwaErrors.BadRequest("InvalidValue", "parentId must be a folder id or null.");
            }
            else if (!OwaIds.TryFolder(mailbox, parentNode.GetValue<string>(), out var p) || view.Find(p) is null)
            {
                return OwaErrors.NotFound();
            }
            else
            {
                newParent = p;
            }
        }
        if (folder.IsWellKnown && (newName is not null && newName != folder.DisplayName || newParent is { } np && np != folder.ParentId))
            return WellKnown();

        var store = Store(context);
        if (newName is not null && newName != folder.DisplayName)
        {
            var renamed = await store.UpdateFolderAsync(mailbox, folderId, new FolderUpdate(DisplayName: newName), context.RequestAborted);
            if (!renamed.IsSuccess)
                return Failure(renamed.Error);
        }
        if (newParent is { } target && target != folder.ParentId)
        {
            var moved = await store.MoveFolderAsync(mailbox, folderId, target, context.RequestAborted);
            if (!moved.IsSuccess)
                return Failure(moved.Error);
        }
        view = await LoadAsync(context, mailbox);
        return view.Find(folderId) is { } now ? OwaJson.Ok(view.ToDto(now)) : OwaErrors.NotFound();
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var view = await LoadAsync(context, mailbox);
        if (!OwaIds.TryFolder(mailbox, id, out var folderId) || view.Find(folderId) is not { } folder)
            return OwaErrors.NotFound();
        if (!TryBool(context.Request.Query["permanent"], out var permanent))
            return OwaErrors.BadRequest("InvalidValue", "permanent must be true or false.");
        if (folder.IsWellKnown)
            return WellKnown();
        var store = Store(context);
        var deletedItems = view.WellKnown(WellKnownFolder.DeletedItems);
        if (permanent || deletedItems is null || view.IsUnder(folderId, deletedItems.Id))
        {
            var deleted = await store.DeleteFolderAsync(mailbox, folderId, context.RequestAborted);
            return deleted.IsSuccess ? OwaNoContent.Instance : Failure(deleted.Error);
        }
        // Outlook moves a deleted folder under Deleted Items; a name already taken there gets a number.
        var moved = await store.MoveFolderAsync(mailbox, folderId, deletedItems.Id, context.RequestAborted);
        for (var n = 2; !moved.IsSuccess && moved.Error == StoreError.AlreadyExists && n < 100; n++)
        {
            var renamed = await store.UpdateFolderAsync(mailbox, folderId,
                new FolderUpdate(DisplayName: string.Create(CultureInfo.InvariantCulture, $"{folder.DisplayName} ({n})")), context.RequestAborted);
            if (!renamed.IsSuccess && renamed.Error != StoreError.AlreadyExists)
                return Failure(renamed.Error);
            if (renamed.IsSuccess)
                moved = await store.MoveFolderAsync(mailbox, folderId, deletedItems.Id, context.RequestAborted);
        }
        return moved.IsSuccess ? OwaNoContent.Instance : Failure(moved.Error);
    }

    public static async Task<IResult> EmptyAsync(HttpContext context, string id)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var view = await LoadAsync(context, mailbox);
        if (!OwaIds.TryFolder(mailbox, id, out var folderId) || view.Find(folderId) is not { } folder)
            return OwaErrors.NotFound();
        if (folder.WellKnown is not (WellKnownFolder.DeletedItems or WellKnownFolder.JunkEmail))
            return OwaErrors.Conflict("Conflict", "Only Deleted Items and Junk Email can be emptied.");
        var store = Store(context);
        var emptied = await store.EmptyFolderAsync(mailbox, folderId, includeSubfolders: true, context.RequestAborted);
        if (!emptied.IsSuccess)
            return Failure(emptied.Error);
        // Emptying Deleted Items also removes the folders deleted into it, as Outlook does.
        foreach (var child in view.ChildrenOf(folderId).ToList())
        {
            var deleted = await store.DeleteFolderAsync(mailbox, child.Id, context.RequestAborted);
            if (!deleted.IsSuccess && deleted.Error != StoreError.NotFound)
                return Failure(deleted.Error);
        }
        return OwaNoContent.Instance;
    }

    internal static async Task<OwaFolderView> LoadAsync(HttpContext context, MailboxId mailbox) =>
        new(mailbox, await Store(context).GetFoldersAsync(mailbox, context.RequestAborted));

    /// <summary>
    /// Whether the folder is in the IPM subtree (what the browser may see), walking up from it — a few primary-key reads,
    /// not the whole hierarchy, so the message list stays cheap.
    /// </summary>
    internal static async Task<Folder?> FindVisibleAsync(IMailStore store, MailboxId mailbox, FolderId id, CancellationToken ct)
    {
        var folder = await store.GetFolderAsync(mailbox, id, ct);
        if (folder is null || folder.WellKnown is WellKnownFolder.IpmSubtree)
            return null;
        var at = folder;
        for (var depth = 0; depth < 64 && at is not null; depth++)
        {
            if (at.ParentId is not { } parent)
                return null;
            at = await store.GetFolderAsync(mailbox, parent, ct);
            if (at?.WellKnown == WellKnownFolder.IpmSubtree)
                return folder;
        }
        return null;
    }

    internal static IResult Failure(StoreError error) => error switch
    {
        StoreError.NotFound or StoreError.MailboxNotFound => OwaErrors.NotFound(),
        StoreError.AlreadyExists => OwaErrors.Conflict("AlreadyExists", "A folder with that name already exists there."),
        StoreError.WellKnownFolderProtected => WellKnown(),
        StoreError.FolderCycle => OwaErrors.BadRequest("InvalidValue", "A folder cannot be moved into itself or one of its subfolders."),
        StoreError.QuotaExceeded => OwaErrors.QuotaExceeded(),
        StoreError.MessageTooLarge => OwaErrors.TooLarge(),
        StoreError.ChangeConflict => OwaErrors.Conflict("Conflict", "The object was changed by another client; reload it."),
        StoreError.InvalidArgument => OwaErrors.BadRequest("InvalidValue", "The request is not valid for this object."),
        StoreError.AccessDenied => OwaErrors.Forbidden("Access is denied."),
        _ => OwaErrors.Conflict("Conflict", "The operation could not be done."),
    };

    internal static bool TryBool(Microsoft.Extensions.Primitives.StringValues value, out bool result)
    {
        result = false;
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
            return true;
        return bool.TryParse(value[0], out result) || (value[0] is "1" && (result = true)) || value[0] is "0";
    }

    private static IResult WellKnown() => OwaErrors.Conflict("WellKnownFolder", "This folder belongs to the mailbox and cannot be renamed, moved or deleted.");

    private static string? ValidName(string? name)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameChars || name.Any(char.IsControl))
            return null;
        return name;
    }

    private static IMailStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IMailStore>();
}
