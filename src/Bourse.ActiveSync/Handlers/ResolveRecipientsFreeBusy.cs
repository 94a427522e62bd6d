using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Storage;

namespace Bourse.ActiveSync.Handlers;

/// <summary>
/// MergedFreeBusy (MS-ASCMD 2.2.3.107): one digit per 30-minute interval from StartTime — 0 free, 1 tentative, 2 busy,
/// 3 out of office, 4 no data — the highest status met in the interval winning, and for several people (a group) the
/// highest among them. Read from the appointments of each person's Calendar folder.
/// </summary>
internal static class ResolveRecipientsFreeBusy
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(30);

    internal const char NoData = '4';

    // PidLidBusyStatus (MS-OXOCAL 2.2.1.2), read directly so this does not depend on a table elsewhere.
    private static readonly PropertyKey BusyStatus =
        PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, 0x8205), PropertyType.Long);

    /// Most appointments read for one person's window (the store's largest page).
    private const int MaxAppointments = 1000;

    internal static int SlotCount(DateTime startUtc, DateTime endUtc) => (int)Math.Ceiling((endUtc - startUtc) / Interval);

    /// The merged string for these mailboxes over [start, end).
    internal static async ValueTask<string> MergeAsync(IMailStore store, IEnumerable<MailboxId> mailboxes, DateTime startUtc, DateTime endUtc,
        CancellationToken ct)
    {
        var slots = new char[SlotCount(startUtc, endUtc)];
        Array.Fill(slots, '0');
        var any = false;
        foreach (var mailbox in mailboxes)
        {
            if (await store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Calendar, ct).ConfigureAwait(false) is not { } calendar)
            {
                // No mailbox (or no calendar) yet: nothing is known of this person; the others decide.
                continue;
            }

            any = true;
            var page = await store.ListItemsAsync(mailbox, calendar.Id, new ItemQuery
            {
                SortBy = ItemSortField.StartTime,
                Descending = false,
                Limit = MaxAppointments,
                Filter = new ItemFilter { RangeStartUtc = startUtc, RangeEndUtc = endUtc },
            }, ct).ConfigureAwait(false);
            foreach (var appointment in page.Items)
            {
                if (appointment.StartUtc is not { } s || appointment.EndUtc is not { } e || e <= startUtc || s >= endUtc)
                    continue;
                var status = await StatusOfAsync(store, mailbox, appointment.Id, ct).ConfigureAwait(false);
                if (status == '0')
                    continue;
                var first = (int)Math.Floor((Max(s, startUtc) - startUtc) / Interval);
                var last = (int)Math.Ceiling((Min(e, endUtc) - startUtc) / Interval);
                Raise(slots, first, last, status);
            }
        }

        // Nobody's calendar could be read: no data for the whole window.
        if (!any)
            Array.Fill(slots, NoData);
        return new string(slots);
    }

    /// The appointment's free/busy digit from PidLidBusyStatus (0 free, 1 tentative, 2 busy, 3 OOF, 4 working
    /// elsewhere); an appointment without one counts as busy, as Outlook creates them. Working elsewhere has no
    /// ActiveSync digit (4 there means "no data") and the person is working, so it counts as free.
    private static async ValueTask<char> StatusOfAsync(IMailStore store, MailboxId mailbox, ItemId id, CancellationToken ct)
    {
        var item = await store.GetItemAsync(mailbox, id, ct).ConfigureAwait(false);
        return (item?.Properties.GetInt32(BusyStatus) ?? 2) switch
        {
            0 or 4 => '0',
            1 => '1',
            3 => '3',
            _ => '2',
        };
    }

    private static void Raise(char[] slots, int first, int last, char status)
    {
        for (var i = Math.Max(0, first); i < Math.Min(slots.Length, last); i++)
        {
            if (status > slots[i])
                slots[i] = status;
        }
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
