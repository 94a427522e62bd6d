using System.Runtime.CompilerServices;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Owa.Api;
using Bourse.Storage;

namespace Bourse.Owa.Calendar;

/// <summary>
/// The recurring series of each calendar folder (the whole items). The store indexes an appointment by its first
/// occurrence only, so a series that began before the range asked for cannot be found by a range query; this index finds
/// it without reading the whole folder on each request.
/// </summary>
internal sealed class CalendarSeriesIndex(IMailStore store) : FolderItemIndex<Item, IReadOnlyList<Item>>(store)
{
    private static readonly ConditionalWeakTable<IMailStore, CalendarSeriesIndex> Indexes = new();

    public static CalendarSeriesIndex For(IMailStore store) => Indexes.GetValue(store, s => new CalendarSeriesIndex(s));

    /// <summary>The folder's recurring appointments as they are now.</summary>
    public ValueTask<IReadOnlyList<Item>> GetSeriesAsync(MailboxId mailbox, FolderId folder, CancellationToken ct) => ReadAsync(mailbox, folder, ct);

    public static bool IsSeries(Item item) =>
        item.MessageClass.StartsWith("IPM.Appointment", StringComparison.OrdinalIgnoreCase) && item.Properties.GetInt32(NamedProps.RecurrencePatternType) is not null;

    protected override Item? Project(MailboxId mailbox, Item item) => IsSeries(item) ? item : null;

    protected override IReadOnlyList<Item> View(IEnumerable<Item> values) => [.. values];
}
