using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using Bourse.Mailbox.Calendar;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemParser
{
    private static readonly RecipientType[] AttendeeTypes = [RecipientType.To, RecipientType.Cc, RecipientType.Bcc];

    private static readonly PropertyKey[] OrganizerKeys =
        [PropTags.SentRepresentingSmtpAddress, PropTags.SentRepresentingEmailAddress, PropTags.SentRepresentingAddressType];

    /// MS-ASCAL 2.2.2: a calendar item. Elements a Change leaves out are deleted unless ghosted (MS-ASCMD 2.2.3.179);
    /// the UID never changes once set (MS-OXOCAL PidLidGlobalObjectId), and from 16.0 a Change carries no Exceptions
    /// (MS-ASCAL 2.2.2.22), so their absence keeps them.
    private static bool ParseCalendar(ParseContext ctx, WbxmlElement app, ParsedItem parsed, SupportedElements supported)
    {
        var changes = parsed.Changes;
        var exceptions = new List<PropertyBag>();
        foreach (var child in app.Children)
        {
            if (!TryTableField(ctx, child, CalendarFields.TopLevel, parsed, out var matched))
            {
                return false;
            }

            if (matched)
            {
                continue;
            }

            if (!ParseCalendarElement(ctx, child, changes, out var handled))
            {
                return false;
            }

            if (handled)
            {
                parsed.MarkPresent(child);
                continue;
            }

            var ok = (child.Namespace, child.Name) switch
            {
                ("Calendar", "Timezone") => Mark(parsed, child) && ParseTimezone(ctx, child, changes),
                ("Calendar", "OrganizerEmail") => Mark(parsed, child) && ParseOrganizerEmail(ctx, child, changes),
                ("Calendar", "UID") => Mark(parsed, child) && (parsed.IsChange || ParseUid(ctx, child, changes)),
                // MS-ASCAL ClientUid (16.0+): the device's own id for a new item; the UID when none is given.
                ("Calendar", "ClientUid") when ctx.Version >= EasProtocolVersion.V16_0 =>
                    parsed.IsChange || changes.Set.Contains(NamedProps.GlobalObjectId) || ParseUid(ctx, child, changes),
                ("Calendar", "Attendees") => Mark(parsed, child) && ParseAttendees(ctx, child, parsed),
                ("Calendar", "Recurrence") => Mark(parsed, child) && RecurrenceMapping.TryParse(ctx, child, task: false, changes),
                ("Calendar", "Exceptions") => Mark(parsed, child) && ParseExceptions(ctx, child, exceptions),
                ("AirSyncBase", "Attachments") when ctx.Version >= EasProtocolVersion.V16_0 => ParseAttachments(ctx, child, parsed),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        if (parsed.IsPresent("Calendar", "Exceptions"))
        {
            if (exceptions.Count == 0)
            {
                changes.Without(NamedProps.RecurrenceExceptions);
            }
            else
            {
                changes.With(NamedProps.RecurrenceExceptions, PropertyValue.Binary(CalendarExceptionsCodec.Serialize(exceptions)));
            }
        }

        DeriveTimes(changes);
        if (parsed.IsChange)
        {
            RemoveAbsentCalendar(ctx, parsed, supported);
        }
        else
        {
            if (!changes.Set.Contains(NamedProps.GlobalObjectId))
            {
                var goid = GlobalObjectIds.NewId();
                changes.With(NamedProps.GlobalObjectId, PropertyValue.Binary(goid));
                changes.With(NamedProps.CleanGlobalObjectId, PropertyValue.Binary(goid));
            }

            if (!changes.Set.Contains(NamedProps.ReminderSet))
            {
                changes.With(NamedProps.ReminderSet, PropertyValue.Boolean(false));
            }
        }

        return true;
    }

    private static bool Mark(ParsedItem parsed, WbxmlElement element)
    {
        parsed.MarkPresent(element);
        return true;
    }

    /// The elements a calendar item and an exception share beyond the simple table: Body, Location (16.0), Categories,
    /// Reminder, MeetingStatus. Attendees of an exception are handled by the exception parser.
    private static bool ParseCalendarElement(ParseContext ctx, WbxmlElement child, PropertyChanges changes, out bool handled)
    {
        handled = true;
        switch (child.Namespace, child.Name)
        {
            case ("AirSyncBase", "Body"):
                return BodyParser.TryParse(ctx, child, changes);
            case ("AirSyncBase", "Location") when ctx.Version >= EasProtocolVersion.V16_0:
                return ParseLocation(ctx, child, changes);
            case ("Calendar", "Categories"):
                return ParseCategories(ctx, child, "Calendar", changes);
            case ("Calendar", "Reminder"):
                // MS-ASCAL Reminder: minutes before the start; present means a reminder is set.
                if (!ctx.TryInt(child, 0, int.MaxValue / 2, out var minutes))
                {
                    return false;
                }

                changes.With(NamedProps.ReminderDelta, PropertyValue.Long(minutes));
                changes.With(NamedProps.ReminderSet, PropertyValue.Boolean(true));
                return true;
            case ("Calendar", "MeetingStatus"):
                // MS-ASCAL MeetingStatus: 0, 1, 3, 5, 7, 9, 11, 13, 15; 9–15 repeat 1–7.
                if (!ctx.TryInt(child, 0, 15, out var status))
                {
                    return false;
                }

                if (status != 0 && status % 2 == 0)
                {
                    return ctx.Fail(ItemParseError.InvalidValue, child);
                }

                changes.With(NamedProps.AppointmentStateFlags, PropertyValue.Long(status & 7));
                return true;
            default:
                handled = false;
                return true;
        }
    }

    /// StartTime/EndTime also set PidLidCommonStart/End and PidLidAppointmentDuration (MS-OXOCAL).
    private static void DeriveTimes(PropertyChanges changes)
    {
        var start = changes.Set.GetDateTime(NamedProps.AppointmentStartWhole);
        var end = changes.Set.GetDateTime(NamedProps.AppointmentEndWhole);
        if (start is { } s)
        {
            changes.With(NamedProps.CommonStart, PropertyValue.SysTime(s));
        }

        if (end is { } e)
        {
            changes.With(NamedProps.CommonEnd, PropertyValue.SysTime(e));
        }

        if (start is { } s2 && end is { } e2 && e2 >= s2)
        {
            changes.With(NamedProps.AppointmentDuration, PropertyValue.Long((int)Math.Min(int.MaxValue, (e2 - s2).TotalMinutes)));
        }
    }

    private static void RemoveAbsentCalendar(ParseContext ctx, ParsedItem parsed, SupportedElements supported)
    {
        var changes = parsed.Changes;
        RemoveAbsent(ctx, CalendarFields.TopLevel, parsed, supported);
        if (parsed.IsAbsent("Calendar", "StartTime", supported))
        {
            changes.Without(NamedProps.CommonStart);
            changes.Without(NamedProps.AppointmentDuration);
        }

        if (parsed.IsAbsent("Calendar", "EndTime", supported))
        {
            changes.Without(NamedProps.CommonEnd);
            changes.Without(NamedProps.AppointmentDuration);
        }

        if (parsed.IsAbsent("Calendar", "Timezone", supported))
        {
            TimeZoneBlob.Remove(changes);
        }

        if (parsed.IsAbsent("Calendar", "OrganizerEmail", supported))
        {
            foreach (var key in OrganizerKeys)
            {
                changes.Without(key);
            }
        }

        if (parsed.IsAbsent("Calendar", "Reminder", supported))
        {
            changes.With(NamedProps.ReminderSet, PropertyValue.Boolean(false));
            changes.Without(NamedProps.ReminderDelta);
        }

        if (parsed.IsAbsent("Calendar", "MeetingStatus", supported))
        {
            changes.Without(NamedProps.AppointmentStateFlags);
        }

        if (parsed.IsAbsent("Calendar", "Attendees", supported))
        {
            parsed.Recipients = [];
            parsed.ReplacedRecipientTypes.UnionWith(AttendeeTypes);
        }

        if (parsed.IsAbsent("Calendar", "Categories", supported))
        {
            changes.Without(NamedProps.Keywords);
        }

        if (parsed.IsAbsent("AirSyncBase", "Body", supported))
        {
            BodyParser.Remove(changes);
        }

        if (ctx.Version >= EasProtocolVersion.V16_0 && parsed.IsAbsent("AirSyncBase", "Location", supported))
        {
            changes.Without(NamedProps.Location);
            changes.Without(NamedProps.LocationDetails);
        }

        if (parsed.IsAbsent("Calendar", "Recurrence", supported))
        {
            RecurrenceMapping.Remove(changes, task: false);
        }
        else if (ctx.Version < EasProtocolVersion.V16_0 && parsed.IsAbsent("Calendar", "Exceptions", supported))
        {
            changes.Without(NamedProps.RecurrenceExceptions);
        }
    }

    /// MS-ASDTYPE 2.7.6: the base64 TIME_ZONE_INFORMATION, 172 bytes.
    private static bool ParseTimezone(ParseContext ctx, WbxmlElement element, PropertyChanges changes)
    {
        if (!ctx.TryBinary(element, TimeZoneBlob.Length, out var blob))
        {
            return false;
        }

        if (blob.Length != TimeZoneBlob.Length)
        {
            return ctx.Fail(ItemParseError.InvalidValue, element);
        }

        TimeZoneBlob.Write(blob, changes);
        return true;
    }

    private static bool ParseOrganizerEmail(ParseContext ctx, WbxmlElement element, PropertyChanges changes)
    {
        if (!ctx.TryText(element, out var text))
        {
            return false;
        }

        var address = EasAddresses.TryParse(text, out _, out var parsed) ? parsed : text.Trim();
        if (address.Length == 0)
        {
            foreach (var key in OrganizerKeys)
            {
                changes.Without(key);
            }

            return true;
        }

        changes.With(PropTags.SentRepresentingSmtpAddress, PropertyValue.Unicode(address));
        changes.With(PropTags.SentRepresentingEmailAddress, PropertyValue.Unicode(address));
        changes.With(PropTags.SentRepresentingAddressType, PropertyValue.Unicode("SMTP"));
        return true;
    }

    private static bool ParseUid(ParseContext ctx, WbxmlElement element, PropertyChanges changes)
    {
        if (!ctx.TryText(element, out var uid, GlobalObjectIds.MaxUidChars))
        {
            return false;
        }

        uid = uid.Trim();
        if (uid.Length == 0)
        {
            return true;
        }

        var goid = GlobalObjectIds.FromUid(uid);
        changes.With(NamedProps.GlobalObjectId, PropertyValue.Binary(goid));
        changes.With(NamedProps.CleanGlobalObjectId, PropertyValue.Binary(goid));
        return true;
    }

    /// MS-ASAIRS 2.2.2.28: Location (16.0+) — DisplayName into PidLidLocation, the other children kept as details.
    private static bool ParseLocation(ParseContext ctx, WbxmlElement location, PropertyChanges changes)
    {
        if (location.Text is { Length: > 0 } || location.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, location);
        }

        string? name = null;
        var details = new List<string>();
        foreach (var child in location.Children)
        {
            if (child.Namespace != "AirSyncBase")
            {
                continue;
            }

            if (!ctx.TryText(child, out var text))
            {
                return false;
            }

            if (child.Name == "DisplayName")
            {
                name = text;
            }
            else if (Array.IndexOf(CalendarFields.LocationDetails, child.Name) >= 0)
            {
                if (child.Name is "Latitude" or "Longitude" or "Accuracy" or "Altitude" or "AltitudeAccuracy" && !ctx.TryDouble(child, out _))
                {
                    return false;
                }

                details.Add(child.Name + "=" + text);
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            changes.Without(NamedProps.Location);
        }
        else
        {
            changes.With(NamedProps.Location, PropertyValue.Unicode(name));
        }

        if (details.Count == 0)
        {
            changes.Without(NamedProps.LocationDetails);
        }
        else
        {
            changes.With(NamedProps.LocationDetails, PropertyValue.MultipleUnicode([.. details]));
        }

        return true;
    }

    private static bool ParseAttendees(ParseContext ctx, WbxmlElement attendees, ParsedItem parsed)
    {
        if (!TryAttendees(ctx, attendees, out var list))
        {
            return false;
        }

        parsed.Recipients = [];
        parsed.ReplacedRecipientTypes.UnionWith(AttendeeTypes);
        foreach (var (address, name, status, type) in list)
        {
            var recipient = new Recipient(AttendeeTypes[type - 1], address, name);
            if (status is { } s)
            {
                recipient.Properties.Set(PropTags.RecipientTrackStatus, s);
            }

            parsed.Recipients.Add(recipient);
        }

        return true;
    }

    /// MS-ASCAL 2.2.2.3: Attendee has Email and Name (required), AttendeeStatus 0–5 and AttendeeType 1–3.
    private static bool TryAttendees(ParseContext ctx, WbxmlElement attendees, out List<(string Address, string? Name, int? Status, int Type)> list)
    {
        list = [];
        if (attendees.Text is { Length: > 0 } || attendees.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, attendees);
        }

        foreach (var attendee in attendees.Children)
        {
            if (attendee.Namespace != "Calendar" || attendee.Name != "Attendee")
            {
                continue;
            }

            if (list.Count >= ctx.Limits.MaxAttendees)
            {
                return ctx.Fail(ItemParseError.TooLarge, attendees);
            }

            string? email = null, name = null;
            int? status = null;
            var type = 1;
            foreach (var child in attendee.Children)
            {
                var ok = (child.Namespace, child.Name) switch
                {
                    ("Calendar", "Email") => ctx.TryText(child, out var e, 320) && Assign(out email, e),
                    ("Calendar", "Name") => ctx.TryText(child, out var n, 1024) && Assign(out name, n),
                    ("Calendar", "AttendeeStatus") => ctx.TryInt(child, 0, 5, out var s) && Assign(out status, s),
                    ("Calendar", "AttendeeType") => ctx.TryInt(child, 1, 3, out type),
                    _ => true,
                };
                if (!ok)
                {
                    return false;
                }
            }

            var address = EasAddresses.TryParse(email, out _, out var parsedAddress) ? parsedAddress : email?.Trim();
            if (string.IsNullOrEmpty(address))
            {
                return ctx.Fail(ItemParseError.MissingRequired, attendee);
            }

            list.Add((address, string.IsNullOrWhiteSpace(name) ? null : name.Trim(), status, type));
        }

        return true;
    }

    /// MS-ASCAL 2.2.2.21: each Exception names the occurrence it replaces (ExceptionStartTime, or InstanceId from 16.0)
    /// and carries Deleted or the fields that differ.
    private static bool ParseExceptions(ParseContext ctx, WbxmlElement element, List<PropertyBag> exceptions)
    {
        if (element.Text is { Length: > 0 } || element.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, element);
        }

        foreach (var exception in element.Children)
        {
            if (exception.Namespace != "Calendar" || exception.Name != "Exception")
            {
                continue;
            }

            if (exceptions.Count >= ctx.Limits.MaxExceptions)
            {
                return ctx.Fail(ItemParseError.TooLarge, element);
            }

            var changes = new PropertyChanges();
            DateTime? original = null;
            foreach (var child in exception.Children)
            {
                if (!TryTableField(ctx, child, CalendarFields.InException, changes, out var matched))
                {
                    return false;
                }

                if (matched)
                {
                    continue;
                }

                if (!ParseCalendarElement(ctx, child, changes, out var handled))
                {
                    return false;
                }

                if (handled)
                {
                    continue;
                }

                switch (child.Namespace, child.Name)
                {
                    case ("Calendar", "ExceptionStartTime"):
                    case ("AirSyncBase", "InstanceId"):
                        if (!ctx.TryDate(child, out var d))
                        {
                            return false;
                        }

                        original = d;
                        break;
                    case ("Calendar", "Deleted"):
                        if (!ctx.TryBool(child, out var deleted))
                        {
                            return false;
                        }

                        changes.With(NamedProps.ExceptionDeleted, PropertyValue.Boolean(deleted));
                        break;
                    case ("Calendar", "Attendees"):
                        if (!TryAttendees(ctx, child, out var list))
                        {
                            return false;
                        }

                        changes.With(NamedProps.ExceptionAttendeeAddresses, PropertyValue.MultipleUnicode([.. list.Select(a => a.Address)]));
                        changes.With(NamedProps.ExceptionAttendeeNames, PropertyValue.MultipleUnicode([.. list.Select(a => a.Name ?? a.Address)]));
                        changes.With(NamedProps.ExceptionAttendeeStatuses, PropertyValue.MultipleLong([.. list.Select(a => a.Status ?? 0)]));
                        changes.With(NamedProps.ExceptionAttendeeTypes, PropertyValue.MultipleLong([.. list.Select(a => a.Type)]));
                        break;
                }
            }

            if (original is not { } start)
            {
                return ctx.Fail(ItemParseError.MissingRequired, exception);
            }

            changes.With(NamedProps.ExceptionStartTime, PropertyValue.SysTime(start));
            exceptions.Add(new PropertyBag(changes.Set));
        }

        return true;
    }

    /// The simple-table overload for an exception's own changes (nothing is tracked as present there).
    private static bool TryTableField(ParseContext ctx, WbxmlElement element, IReadOnlyList<EasField> table, PropertyChanges changes,
        out bool matched)
    {
        matched = false;
        foreach (var field in table)
        {
            if (!field.Is(element) || !field.AppliesTo(ctx.Version))
            {
                continue;
            }

            matched = true;
            if (!field.TryParse(ctx, element, out var value))
            {
                return false;
            }

            if (value.Value is not string { Length: 0 })
            {
                changes.With(field.Key, value);
            }

            return true;
        }

        return true;
    }
}
