using System.Runtime.CompilerServices;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Owa.Api;
using Bourse.Storage;

namespace Bourse.Owa.People;

/// <summary>
/// The contacts of each contacts folder as the API shows them, sorted by name, so that searching by name, address or
/// company and sorting by name cost no item reads.
/// </summary>
internal sealed class ContactIndex(IMailStore store) : FolderItemIndex<ContactDto, IReadOnlyList<ContactDto>>(store)
{
    private static readonly ConditionalWeakTable<IMailStore, ContactIndex> Indexes = new();

    public static ContactIndex For(IMailStore store) => Indexes.GetValue(store, s => new ContactIndex(s));

    /// <summary>The folder's contacts, sorted by display name.</summary>
    public ValueTask<IReadOnlyList<ContactDto>> GetAsync(MailboxId mailbox, FolderId folder, CancellationToken ct) => ReadAsync(mailbox, folder, ct);

    protected override ContactDto? Project(MailboxId mailbox, Item item) => ContactMapping.IsContact(item) ? ContactMapping.ToDto(mailbox, item) : null;

    protected override IReadOnlyList<ContactDto> View(IEnumerable<ContactDto> values) =>
        [.. values.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Id, StringComparer.Ordinal)];
}
