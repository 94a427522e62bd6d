using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemRenderer
{
    private const string CalendarNs = "Calendar";

    /// MS-ASCAL 2.2.2: a calendar item. Recurrence and exceptions come from the pattern properties (see NamedProps);
    /// attendees are the recipient rows (MS-OXOCAL: required To, optional Cc, resource Bcc).
    private static WbxmlElement RenderCalendar(Item item, ItemRenderOptions options)
    {
        var bag = item.Properties;
        var version = options.Version;
        var app = NewApplicationData();

        // MS-ASCAL 2.2.2.44: the time zone the item was created in (UTC when none is known).
        AddText(app, CalendarNs, "Timezone", Convert.ToBase64String(TimeZoneBlob.Read(bag)));
        AddField(app, bag, CalendarFields.AllDayEvent, version);
        app.Add(BodyRenderer.Render(bag, options));
        AddField(app, bag, CalendarFields.BusyStatus, version);
        AddField(app, bag, CalendarFields.OrganizerName, version);
        AddText(app, CalendarNs, "OrganizerEmail", bag.GetString(PropTags.SentRepresentingSmtpAddress) ?? bag.GetString(PropTags.SentRepresentingEmailAddress));
        AddCompactDate(app, CalendarNs, "DtStamp", bag.GetDateTime(NamedProps.OwnerCriticalChange)
            ?? bag.GetDateTime(PropTags.LastModificationTime) ?? bag.GetDateTime(PropTags.CreationTime));
        AddField(app, bag, CalendarFields.EndTime, version);
        AddLocation(app, bag, version);
        AddReminder(app, bag);
        AddField(app, bag, CalendarFields.Sensitivity, version);
        AddField(app, bag, CalendarFields.Subject, version);
        AddField(app, bag, CalendarFields.StartTime, version);
        AddText(app, CalendarNs, "UID", GlobalObjectIds.ToUid(bag.GetBinary(NamedProps.GlobalObjectId) ?? bag.GetBinary(NamedProps.CleanGlobalObjectId)));
        AddInt(app, CalendarNs, "MeetingStatus", MeetingStatus(bag) ?? 0);
        if (Attendees(item.Recipients) is { } attendees)
        {
            app.Add(attendees);
        }

        if (Categories(bag, CalendarNs, emptyWhenNone: false) is { } categories)
        {
            app.Add(categories);
        }

        if (RecurrenceMapping.Render(bag, task: false, version) is { } recurrence)
        {
            app.Add(recurrence);
            if (Exceptions(bag, options) is { } exceptions)
            {
                app.Add(exceptions);
            }
        }

        AddField(app, bag, CalendarFields.DisallowNewTimeProposal, version);
        AddField(app, bag, CalendarFields.ResponseRequested, version);
        AddField(app, bag, CalendarFields.AppointmentReplyTime, version);
        AddField(app, bag, CalendarFields.ResponseType, version);
        AddField(app, bag, CalendarFields.OnlineMeetingConfLink, version);
        AddField(app, bag, CalendarFields.OnlineMeetingExternalLink, version);
        AddInt(app, "AirSyncBase", "NativeBodyType", NativeBodyType(bag));
        // MS-ASAIRS 2.2.2.8: calendar items carry attachments from protocol 16.0.
        if (version >= EasProtocolVersion.V16_0 && Attachments(item) is { } files)
        {
            app.Add(files);
        }

        return app;
    }

    private static void AddField(WbxmlElement parent, PropertyBag bag, EasField field, EasProtocolVersion version)
    {
        if (field.AppliesTo(version) && field.Render(bag) is { } element)
        {
            parent.Add(element);
        }
    }

    /// Calendar:Location before 16.0; from 16.0 AirSyncBase:Location with DisplayName and the stored details
    /// (MS-ASAIRS 2.2.2.28).
    private static void AddLocation(WbxmlElement parent, PropertyBag bag, EasProtocolVersion version)
    {
        if (version < EasProtocolVersion.V16_0)
        {
            AddField(parent, bag, CalendarFields.Location, version);
            return;
        }

        var name = bag.GetString(NamedProps.Location);
        var details = bag.TryGet(NamedProps.LocationDetails, out var d) && d.Value is string[] a ? a : [];
        if (string.IsNullOrEmpty(name) && details.Length == 0)
        {
            return;
        }

        var location = new WbxmlElement("AirSyncBase", "Location");
        AddText(location, "AirSyncBase", "DisplayName", name ?? "");
        foreach (var detail in CalendarFields.LocationDetails)
        {
            var prefix = detail + "=";
            if (Array.Find(details, x => x.StartsWith(prefix, StringComparison.Ordinal)) is { } entry)
            {
                AddText(location, "AirSyncBase", detail, entry[prefix.Length..]);
            }
        }

        parent.Add(location);
    }

    /// MS-ASCAL Reminder: minutes before the start, only when a reminder is set (PidLidReminderSet, PidLidReminderDelta).
    private static void AddReminder(WbxmlElement parent, PropertyBag bag)
    {
        if (bag.GetBoolean(NamedProps.ReminderSet) == true)
        {
            AddInt(parent, CalendarNs, "Reminder", bag.GetInt32(NamedProps.ReminderDelta) ?? 15);
        }
    }

    /// MS-ASCAL MeetingStatus 0 appointment, 1 meeting, 3 received, 5 canceled, 7 canceled and received: the bits of
    /// PidLidAppointmentStateFlags (asfMeeting 1, asfReceived 2, asfCanceled 4).
    private static int? MeetingStatus(PropertyBag bag) =>
        bag.GetInt32(NamedProps.AppointmentStateFlags) is { } flags ? (flags & 7) == 0 ? 0 : (flags & 7) | 1 : null;

    private static WbxmlElement? Attendees(IReadOnlyList<Recipient> recipients)
    {
        WbxmlElement? attendees = null;
        foreach (var r in recipients)
        {
            // MS-OXOCAL: the organizer's own row (recipOrganizer, 0x0002) is not an attendee.
            if (r.Type is not (RecipientType.To or RecipientType.Cc or RecipientType.Bcc) || r.Address.Length == 0
                || ((r.Properties.GetInt32(PropTags.RecipientFlags) ?? 0) & 0x2) != 0)
            {
                continue;
            }

            attendees ??= new WbxmlElement(CalendarNs, "Attendees");
            attendees.Add(Attendee(r.Address, r.DisplayName, r.Properties.GetInt32(PropTags.RecipientTrackStatus), (int)r.Type));
        }

        return attendees;
    }

    /// MS-ASCAL 2.2.2.3: Email, Name, AttendeeStatus (PidTagRecipientTrackStatus's values), AttendeeType (1 required,
    /// 2 optional, 3 resource).
    private static WbxmlElement Attendee(string address, string name, int? status, int type)
    {
        var attendee = new WbxmlElement(CalendarNs, "Attendee");
        AddText(attendee, CalendarNs, "Email", address);
        AddText(attendee, CalendarNs, "Name", string.IsNullOrEmpty(name) ? address : name);
        if (status is >= 0 and <= 5)
        {
            AddInt(attendee, CalendarNs, "AttendeeStatus", status);
        }

        AddInt(attendee, CalendarNs, "AttendeeType", type);
        return attendee;
    }

    /// MS-ASCAL 2.2.2.22/2.2.2.21: each exception with its original start (ExceptionStartTime before 16.0,
    /// airsyncbase:InstanceId from 16.0) and the fields that differ from the series.
    private static WbxmlElement? Exceptions(PropertyBag bag, ItemRenderOptions options)
    {
        var list = CalendarExceptionsCodec.Read(bag);
        if (list.Count == 0)
        {
            return null;
        }

        var version = options.Version;
        var exceptions = new WbxmlElement(CalendarNs, "Exceptions");
        foreach (var e in list)
        {
            var exception = new WbxmlElement(CalendarNs, "Exception");
            if (e.GetBoolean(NamedProps.ExceptionDeleted) == true)
            {
                AddBool(exception, CalendarNs, "Deleted", true);
            }

            if (e.GetDateTime(NamedProps.ExceptionStartTime) is { } original)
            {
                // MS-ASCAL 2.2.2.23: ExceptionStartTime is 12.1–14.1; MS-ASAIRS 2.2.2.25: InstanceId from 16.0.
                if (version >= EasProtocolVersion.V16_0)
                {
                    AddCompactDate(exception, "AirSyncBase", "InstanceId", original);
                }
                else
                {
                    AddCompactDate(exception, CalendarNs, "ExceptionStartTime", original);
                }
            }

            AddField(exception, e, CalendarFields.Subject, version);
            AddField(exception, e, CalendarFields.StartTime, version);
            AddField(exception, e, CalendarFields.EndTime, version);
            if (e.Contains(PropTags.Body) || e.Contains(PropTags.Html) || e.Contains(PropTags.RtfCompressed))
            {
                exception.Add(BodyRenderer.Render(e, options));
            }

            AddLocation(exception, e, version);
            if (Categories(e, CalendarNs, emptyWhenNone: false) is { } categories)
            {
                exception.Add(categories);
            }

            AddField(exception, e, CalendarFields.Sensitivity, version);
            AddField(exception, e, CalendarFields.BusyStatus, version);
            AddField(exception, e, CalendarFields.AllDayEvent, version);
            AddReminder(exception, e);
            AddField(exception, e, CalendarFields.DtStamp, version);
            AddInt(exception, CalendarNs, "MeetingStatus", MeetingStatus(e));
            if (version < EasProtocolVersion.V16_0 && ExceptionAttendees(e) is { } attendees)
            {
                exception.Add(attendees);
            }

            AddField(exception, e, CalendarFields.AppointmentReplyTime, version);
            AddField(exception, e, CalendarFields.ResponseType, version);
            AddField(exception, e, CalendarFields.OnlineMeetingConfLink, version);
            AddField(exception, e, CalendarFields.OnlineMeetingExternalLink, version);
            exceptions.Add(exception);
        }

        return exceptions;
    }

    private static WbxmlElement? ExceptionAttendees(PropertyBag e)
    {
        if (!e.TryGet(NamedProps.ExceptionAttendeeAddresses, out var a) || a.Value is not string[] addresses)
        {
            return null;
        }

        var names = e.TryGet(NamedProps.ExceptionAttendeeNames, out var n) && n.Value is string[] ns ? ns : [];
        var statuses = e.TryGet(NamedProps.ExceptionAttendeeStatuses, out var s) && s.Value is int[] ss ? ss : [];
        var types = e.TryGet(NamedProps.ExceptionAttendeeTypes, out var t) && t.Value is int[] ts ? ts : [];
        var attendees = new WbxmlElement(CalendarNs, "Attendees");
        for (var i = 0; i < addresses.Length; i++)
        {
            attendees.Add(Attendee(addresses[i], i < names.Length ? names[i] : "", i < statuses.Length ? statuses[i] : null,
                i < types.Length ? types[i] : 1));
        }

        return attendees;
    }
}
