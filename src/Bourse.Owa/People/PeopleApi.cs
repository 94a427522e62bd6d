using Bourse.Core.Errors;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;

namespace Bourse.Owa.People;

/// <summary>
/// People: recipient suggestions (the directory and the user's Contacts), the global address list, and the user's contacts.
/// </summary>
internal static class PeopleApi
{
    public const int MaxQueryChars = 256;
    public const int MaxSuggestions = 10;

    public static async Task<IResult> SuggestAsync(HttpContext context, IMailStore store, IDirectory directory, MailboxId mailbox)
    {
        var q = ((string?)context.Request.Query["q"] ?? "").Trim();
        if (q.Length > MaxQueryChars)
            return OwaErrors.BadRequest("InvalidValue", "q is too long.");
        if (q.Length == 0)
            return OwaJson.Ok(new SuggestionListDto([]));
        var ct = context.RequestAborted;
        var result = new List<SuggestionDto>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // The user's own contacts first (the people they write to), then the organisation.
        if (await store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Contacts, ct) is { } contacts)
        {
            foreach (var c in await ContactIndex.For(store).GetAsync(mailbox, contacts.Id, ct))
            {
                foreach (var address in c.Emails)
                {
                    if (result.Count < MaxSuggestions && (StartsWord(c.DisplayName, q) || StartsWord(address, q) || StartsWord(c.Company, q)) && seen.Add(address))
                        result.Add(new SuggestionDto(c.DisplayName, address, "contacts"));
                }
            }
        }

        foreach (var entry in await GalAsync(directory, ct))
        {
            if (result.Count >= MaxSuggestions)
                break;
            if ((StartsWord(entry.Name, q) || entry.Address.StartsWith(q, StringComparison.OrdinalIgnoreCase)) && seen.Add(entry.Address))
                result.Add(new SuggestionDto(entry.Name, entry.Address, "directory"));
        }

        return OwaJson.Ok(new SuggestionListDto(result));
    }

    public static async Task<IResult> DirectoryAsync(HttpContext context, IDirectory directory)
    {
        var query = context.Request.Query;
        var q = ((string?)query["q"] ?? "").Trim();
        if (q.Length > MaxQueryChars || !OwaPaging.TryRead(query, 50, 200, out var offset, out var limit, clampLimit: true, maxOffset: 1_000_000))
            return OwaErrors.BadRequest("InvalidValue", "q, offset or limit is not valid.");
        var all = await GalAsync(directory, context.RequestAborted);
        // A word of the name or the start of the address ("bo" finds Bob, not everyone at bourse.test).
        var matches = q.Length == 0 ? all : all.Where(e => StartsWord(e.Name, q) || e.Address.StartsWith(q, StringComparison.OrdinalIgnoreCase)).ToList();
        return OwaJson.Ok(new DirectoryPageDto([.. matches.Skip(offset).Take(limit)], matches.Count));
    }

    public static async Task<IResult> ListContactsAsync(HttpContext context, IMailStore store, MailboxId mailbox)
    {
        var query = context.Request.Query;
        var q = ((string?)query["q"] ?? "").Trim();
        if (q.Length > MaxQueryChars || !OwaPaging.TryRead(query, 100, 200, out var offset, out var limit, clampLimit: true, maxOffset: 1_000_000))
            return OwaErrors.BadRequest("InvalidValue", "q, offset or limit is not valid.");
        var ct = context.RequestAborted;
        var (folder, error) = await ContactsFolderAsync(store, mailbox, query["folderId"], ct);
        if (folder is null)
            return error!;
        var all = await ContactIndex.For(store).GetAsync(mailbox, folder.Id, ct);
        IReadOnlyList<ContactDto> matches = q.Length == 0 ? all
            : [.. all.Where(c => Contains(c.DisplayName, q) || Contains(c.Company, q) || c.Emails.Any(e => Contains(e, q))
                || Contains(c.GivenName, q) || Contains(c.Surname, q))];
        return OwaJson.Ok(new ContactPageDto([.. matches.Skip(offset).Take(limit)], matches.Count));
    }

    public static async Task<IResult> GetContactAsync(HttpContext context, IMailStore store, MailboxId mailbox, string id)
    {
        var item = await ContactAsync(store, mailbox, id, context.RequestAborted);
        return item is null ? OwaErrors.NotFound() : OwaJson.Ok(ContactMapping.ToDto(mailbox, item));
    }

    public static async Task<IResult> CreateContactAsync(HttpContext context, IMailStore store, MailboxId mailbox)
    {
        var (input, error) = await OwaJson.ReadAsync<ContactInput>(context);
        if (error is not null)
            return error;
        var ct = context.RequestAborted;
        var (folder, folderError) = await ContactsFolderAsync(store, mailbox, input!.FolderId, ct);
        if (folder is null)
            return folderError!;
        if (ContactMapping.TryBuild(input, isNew: true, out var changes) is { } invalid)
            return OwaErrors.BadRequest("InvalidValue", invalid);
        var created = await store.CreateItemAsync(mailbox, folder.Id, new NewItem(new PropertyBag(changes.Set)) { SearchText = SearchText(changes.Set) }, ct);
        return created.IsSuccess ? OwaJson.Ok(ContactMapping.ToDto(mailbox, created.Value), StatusCodes.Status201Created) : FromStore(created.Error);
    }

    public static async Task<IResult> UpdateContactAsync(HttpContext context, IMailStore store, MailboxId mailbox, string id)
    {
        var (input, error) = await OwaJson.ReadAsync<ContactInput>(context);
        if (error is not null)
            return error;
        var ct = context.RequestAborted;
        if (await ContactAsync(store, mailbox, id, ct) is not { } existing)
            return OwaErrors.NotFound();
        if (ContactMapping.TryBuild(input!, isNew: false, out var changes) is { } invalid)
            return OwaErrors.BadRequest("InvalidValue", invalid);
        var updated = await store.UpdateItemAsync(mailbox, existing.Id, changes, existing.ChangeNumber, ct);
        if (!updated.IsSuccess)
            return FromStore(updated.Error);
        if (input!.FolderId is { Length: > 0 } target &&
            await OwaItemMove.IntoNamedFolderAsync(store, mailbox, updated.Value, ContactsFolderAsync(store, mailbox, target, ct), FromStore,
                () => GetContactAsync(context, store, mailbox, id), ct) is { } answer)
            return answer;

        return OwaJson.Ok(ContactMapping.ToDto(mailbox, updated.Value));
    }

    public static async Task<IResult> DeleteContactAsync(HttpContext context, IMailStore store, MailboxOperations operations, MailboxId mailbox, string id)
    {
        var ct = context.RequestAborted;
        if (await ContactAsync(store, mailbox, id, ct) is not { } item)
            return OwaErrors.NotFound();
        var deleted = await operations.DeleteItemsAsync(mailbox, [item.Id], DeleteMode.MoveToDeletedItems, ct);
        return deleted[0].IsSuccess ? OwaNoContent.Instance : FromStore(deleted[0].Error);
    }

    /// How long a read of the global address list serves suggestions and pages (each keystroke of the recipient well asks):
    /// a user added to the directory shows within this time, as Exchange's address lists lag the directory.
    private static readonly TimeSpan GalLifetime = TimeSpan.FromSeconds(15);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IDirectory, GalSnapshot> Gals = new();

    private sealed record GalSnapshot(long ReadAtTicks, List<DirectoryEntryDto> Entries);

    /// The global address list: users, rooms and equipment, and groups, by name.
    private static async Task<List<DirectoryEntryDto>> GalAsync(IDirectory directory, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (Gals.TryGetValue(directory, out var snapshot) && now - snapshot.ReadAtTicks < GalLifetime.TotalMilliseconds)
            return snapshot.Entries;
        var entries = await ReadGalAsync(directory, ct);
        Gals.AddOrUpdate(directory, new GalSnapshot(now, entries));
        return entries;
    }

    private static async Task<List<DirectoryEntryDto>> ReadGalAsync(IDirectory directory, CancellationToken ct)
    {
        var users = await directory.ListUsersAsync(ct);
        var groups = await directory.ListGroupsAsync(ct);
        var all = new List<DirectoryEntryDto>(users.Count + groups.Count);
        foreach (var u in users)
        {
            all.Add(new DirectoryEntryDto(string.IsNullOrEmpty(u.DisplayName) ? u.PrimarySmtpAddress : u.DisplayName, u.PrimarySmtpAddress,
                u.Kind is RecipientKind.Room or RecipientKind.Equipment ? "room" : "user", null, null, null, null));
        }

        foreach (var g in groups)
            all.Add(new DirectoryEntryDto(string.IsNullOrEmpty(g.DisplayName) ? g.PrimarySmtpAddress : g.DisplayName, g.PrimarySmtpAddress, "group", null, null, null, null));
        all.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name) is var c && c != 0 ? c : StringComparer.OrdinalIgnoreCase.Compare(a.Address, b.Address));
        return all;
    }

    /// The contact with this id in the caller's mailbox, or null (malformed, another mailbox's, missing, not a contact).
    private static Task<Item?> ContactAsync(IMailStore store, MailboxId mailbox, string id, CancellationToken ct) =>
        OwaIds.ItemAsync(store, mailbox, id, ContactMapping.IsContact, ct);

    private static Task<(Folder? Folder, IResult? Error)> ContactsFolderAsync(IMailStore store, MailboxId mailbox, string? folderId, CancellationToken ct) =>
        OwaIds.FolderOrDefaultAsync(store, mailbox, folderId, WellKnownFolder.Contacts, ContactMapping.IsContactsFolder, "The folder is not a contacts folder.", ct);

    /// What the mailbox search finds a contact by beyond its name: addresses, company, title, phones.
    private static string SearchText(PropertyBag bag) => string.Join(' ', new[]
    {
        bag.GetString(NamedProps.Email1Address), bag.GetString(NamedProps.Email2Address), bag.GetString(NamedProps.Email3Address),
        bag.GetString(PropTags.CompanyName), bag.GetString(PropTags.Title), bag.GetString(PropTags.Body),
    }.Where(s => !string.IsNullOrEmpty(s)));

    private static bool Contains(string? text, string q) => text?.Contains(q, StringComparison.OrdinalIgnoreCase) == true;

    /// Whether a word of the text (split at spaces, dots, @, hyphens…) starts with q, or the whole text does.
    private static bool StartsWord(string? text, string q)
    {
        if (string.IsNullOrEmpty(text))
            return false;
        if (text.StartsWith(q, StringComparison.OrdinalIgnoreCase))
            return true;
        for (var i = 1; i < text.Length; i++)
        {
            if (!char.IsLetterOrDigit(text[i - 1]) && string.Compare(text, i, q, 0, q.Length, StringComparison.OrdinalIgnoreCase) == 0)
                return true;
        }

        return false;
    }

    private static IResult FromStore(StoreError error) => OwaErrors.FromStore(error, "The contact changed meanwhile; open it again.");
}
