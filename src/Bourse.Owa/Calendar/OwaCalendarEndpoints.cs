using Bourse.Directory;
using Bourse.Mailbox;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Calendar;

/// <summary>The calendar part of the API under /owa/service (docs/owa-api.md, "Calendar").</summary>
internal static class OwaCalendarEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/calendar/events", (HttpContext c, IMailStore store) => OwaCaller.WithMailbox(c, m => CalendarApi.ListAsync(c, store, m)));
        api.MapPost("/calendar/events", (HttpContext c, IMailStore store, IDirectory directory) =>
            OwaCaller.WithMailbox(c, m => CalendarApi.CreateAsync(c, store, directory, m)));
        api.MapGet("/calendar/events/{id}", (HttpContext c, string id, IMailStore store) => OwaCaller.WithMailbox(c, m => CalendarApi.GetAsync(c, store, m, id)));
        api.MapPut("/calendar/events/{id}", (HttpContext c, string id, IMailStore store, IDirectory directory) =>
            OwaCaller.WithMailbox(c, m => CalendarApi.UpdateAsync(c, store, directory, m, id)));
        api.MapDelete("/calendar/events/{id}", (HttpContext c, string id, IMailStore store, MailboxOperations operations) =>
            OwaCaller.WithMailbox(c, m => CalendarApi.DeleteAsync(c, store, operations, m, id)));

        api.MapGet("/reminders", (HttpContext c, IMailStore store, TimeProvider time) => OwaCaller.WithMailbox(c, m => RemindersApi.ListAsync(c, store, time, m)));
        api.MapPost("/reminders/{id}/dismiss", (HttpContext c, string id, IMailStore store, TimeProvider time) =>
            OwaCaller.WithMailbox(c, m => RemindersApi.DismissAsync(c, store, time, m, id)));
        api.MapPost("/reminders/{id}/snooze", (HttpContext c, string id, IMailStore store, TimeProvider time) =>
            OwaCaller.WithMailbox(c, m => RemindersApi.SnoozeAsync(c, store, time, m, id)));
    }
}
