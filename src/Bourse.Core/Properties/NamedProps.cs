namespace Bourse.Core.Properties;

/// <summary>Well-known named properties (PidLid…/PidName…, MS-OXPROPS).</summary>
public static class NamedProps
{
    /// <summary>PidNameKeywords: the categories of an item (PS_PUBLIC_STRINGS "Keywords", PtypMultipleString).</summary>
    public static readonly PropertyKey Keywords = PropertyKey.FromName(NamedProperty.ByName(PropertySets.PublicStrings, "Keywords"), PropertyType.MultipleUnicode);

    /// <summary>PidLidAppointmentStartWhole (PSETID_Appointment 0x820D).</summary>
    public static readonly PropertyKey AppointmentStartWhole = PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, 0x820D), PropertyType.SysTime);

    /// <summary>PidLidAppointmentEndWhole (PSETID_Appointment 0x820E).</summary>
    public static readonly PropertyKey AppointmentEndWhole = PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, 0x820E), PropertyType.SysTime);

    /// <summary>PidLidLocation (PSETID_Appointment 0x8208).</summary>
    public static readonly PropertyKey Location = PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, 0x8208), PropertyType.Unicode);

    /// <summary>PidLidAppointmentSubType: all-day event (PSETID_Appointment 0x8215).</summary>
    public static readonly PropertyKey AppointmentSubType = PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, 0x8215), PropertyType.Boolean);

    /// <summary>PidLidReminderSet (PSETID_Common 0x8503).</summary>
    public static readonly PropertyKey ReminderSet = PropertyKey.FromName(NamedProperty.ById(PropertySets.Common, 0x8503), PropertyType.Boolean);

    /// <summary>PidLidFileUnder (PSETID_Address 0x8005).</summary>
    public static readonly PropertyKey FileUnder = PropertyKey.FromName(NamedProperty.ById(PropertySets.Address, 0x8005), PropertyType.Unicode);

    /// <summary>PidLidEmail1EmailAddress (PSETID_Address 0x8083).</summary>
    public static readonly PropertyKey Email1Address = PropertyKey.FromName(NamedProperty.ById(PropertySets.Address, 0x8083), PropertyType.Unicode);

    // Contacts (MS-OXOCNTC 2.2.1, PSETID_Address)

    /// <summary>PidLidEmail1DisplayName (PSETID_Address 0x8080).</summary>
    public static readonly PropertyKey Email1DisplayName = AddressProp(0x8080, PropertyType.Unicode);

    /// <summary>PidLidEmail1AddressType (PSETID_Address 0x8082).</summary>
    public static readonly PropertyKey Email1AddressType = AddressProp(0x8082, PropertyType.Unicode);

    /// <summary>PidLidEmail1OriginalDisplayName (PSETID_Address 0x8084).</summary>
    public static readonly PropertyKey Email1OriginalDisplayName = AddressProp(0x8084, PropertyType.Unicode);

    /// <summary>PidLidEmail2DisplayName (PSETID_Address 0x8090).</summary>
    public static readonly PropertyKey Email2DisplayName = AddressProp(0x8090, PropertyType.Unicode);

    /// <summary>PidLidEmail2AddressType (PSETID_Address 0x8092).</summary>
    public static readonly PropertyKey Email2AddressType = AddressProp(0x8092, PropertyType.Unicode);

    /// <summary>PidLidEmail2EmailAddress (PSETID_Address 0x8093).</summary>
    public static readonly PropertyKey Email2Address = AddressProp(0x8093, PropertyType.Unicode);

    /// <summary>PidLidEmail2OriginalDisplayName (PSETID_Address 0x8094).</summary>
    public static readonly PropertyKey Email2OriginalDisplayName = AddressProp(0x8094, PropertyType.Unicode);

    /// <summary>PidLidEmail3DisplayName (PSETID_Address 0x80A0).</summary>
    public static readonly PropertyKey Email3DisplayName = AddressProp(0x80A0, PropertyType.Unicode);

    /// <summary>PidLidEmail3AddressType (PSETID_Address 0x80A2).</summary>
    public static readonly PropertyKey Email3AddressType = AddressProp(0x80A2, PropertyType.Unicode);

    /// <summary>PidLidEmail3EmailAddress (PSETID_Address 0x80A3).</summary>
    public static readonly PropertyKey Email3Address = AddressProp(0x80A3, PropertyType.Unicode);

    /// <summary>PidLidEmail3OriginalDisplayName (PSETID_Address 0x80A4).</summary>
    public static readonly PropertyKey Email3OriginalDisplayName = AddressProp(0x80A4, PropertyType.Unicode);

    /// <summary>PidLidWorkAddressStreet (PSETID_Address 0x8045).</summary>
    public static readonly PropertyKey WorkAddressStreet = AddressProp(0x8045, PropertyType.Unicode);

    /// <summary>PidLidWorkAddressCity (PSETID_Address 0x8046).</summary>
    public static readonly PropertyKey WorkAddressCity = AddressProp(0x8046, PropertyType.Unicode);

    /// <summary>PidLidWorkAddressState (PSETID_Address 0x8047).</summary>
    public static readonly PropertyKey WorkAddressState = AddressProp(0x8047, PropertyType.Unicode);

    /// <summary>PidLidWorkAddressPostalCode (PSETID_Address 0x8048).</summary>
    public static readonly PropertyKey WorkAddressPostalCode = AddressProp(0x8048, PropertyType.Unicode);

    /// <summary>PidLidWorkAddressCountry (PSETID_Address 0x8049).</summary>
    public static readonly PropertyKey WorkAddressCountry = AddressProp(0x8049, PropertyType.Unicode);

    /// <summary>PidLidInstantMessagingAddress (PSETID_Address 0x8062).</summary>
    public static readonly PropertyKey InstantMessagingAddress = AddressProp(0x8062, PropertyType.Unicode);

    /// <summary>PidLidHtml: the contact's web page (PSETID_Address 0x802B).</summary>
    public static readonly PropertyKey ContactWebPage = AddressProp(0x802B, PropertyType.Unicode);

    /// <summary>PidLidYomiFirstName (PSETID_Address 0x802C).</summary>
    public static readonly PropertyKey YomiFirstName = AddressProp(0x802C, PropertyType.Unicode);

    /// <summary>PidLidYomiLastName (PSETID_Address 0x802D).</summary>
    public static readonly PropertyKey YomiLastName = AddressProp(0x802D, PropertyType.Unicode);

    /// <summary>PidLidYomiCompanyName (PSETID_Address 0x802E).</summary>
    public static readonly PropertyKey YomiCompanyName = AddressProp(0x802E, PropertyType.Unicode);

    /// <summary>PidLidHasPicture (PSETID_Address 0x8015).</summary>
    public static readonly PropertyKey HasPicture = AddressProp(0x8015, PropertyType.Boolean);

    // Calendar (MS-OXOCAL 2.2.1, PSETID_Appointment / PSETID_Meeting)

    /// <summary>PidLidBusyStatus (PSETID_Appointment 0x8205).</summary>
    public static readonly PropertyKey BusyStatus = AppointmentProp(0x8205, PropertyType.Long);

    /// <summary>PidLidAppointmentDuration in minutes (PSETID_Appointment 0x8213).</summary>
    public static readonly PropertyKey AppointmentDuration = AppointmentProp(0x8213, PropertyType.Long);

    /// <summary>PidLidAppointmentStateFlags: asfMeeting 1, asfReceived 2, asfCanceled 4 (PSETID_Appointment 0x8217).</summary>
    public static readonly PropertyKey AppointmentStateFlags = AppointmentProp(0x8217, PropertyType.Long);

    /// <summary>PidLidResponseStatus (PSETID_Appointment 0x8218).</summary>
    public static readonly PropertyKey ResponseStatus = AppointmentProp(0x8218, PropertyType.Long);

    /// <summary>PidLidAppointmentReplyTime (PSETID_Appointment 0x8220).</summary>
    public static readonly PropertyKey AppointmentReplyTime = AppointmentProp(0x8220, PropertyType.SysTime);

    /// <summary>PidLidRecurring (PSETID_Appointment 0x8223).</summary>
    public static readonly PropertyKey Recurring = AppointmentProp(0x8223, PropertyType.Boolean);

    /// <summary>PidLidRecurrenceType: 0 none, 1 daily, 2 weekly, 3 monthly, 4 yearly (PSETID_Appointment 0x8231).</summary>
    public static readonly PropertyKey RecurrenceType = AppointmentProp(0x8231, PropertyType.Long);

    /// <summary>PidLidTimeZoneStruct (PSETID_Appointment 0x8233).</summary>
    public static readonly PropertyKey TimeZoneStruct = AppointmentProp(0x8233, PropertyType.Binary);

    /// <summary>PidLidTimeZoneDescription (PSETID_Appointment 0x8234).</summary>
    public static readonly PropertyKey TimeZoneDescription = AppointmentProp(0x8234, PropertyType.Unicode);

    /// <summary>PidLidClipStart (PSETID_Appointment 0x8235).</summary>
    public static readonly PropertyKey ClipStart = AppointmentProp(0x8235, PropertyType.SysTime);

    /// <summary>PidLidClipEnd (PSETID_Appointment 0x8236).</summary>
    public static readonly PropertyKey ClipEnd = AppointmentProp(0x8236, PropertyType.SysTime);

    /// <summary>PidLidAppointmentNotAllowPropose (PSETID_Appointment 0x825A).</summary>
    public static readonly PropertyKey AppointmentNotAllowPropose = AppointmentProp(0x825A, PropertyType.Boolean);

    /// <summary>PidLidGlobalObjectId (PSETID_Meeting 0x0003).</summary>
    public static readonly PropertyKey GlobalObjectId = PropertyKey.FromName(NamedProperty.ById(PropertySets.Meeting, 0x0003), PropertyType.Binary);

    /// <summary>PidLidCleanGlobalObjectId (PSETID_Meeting 0x0023).</summary>
    public static readonly PropertyKey CleanGlobalObjectId = PropertyKey.FromName(NamedProperty.ById(PropertySets.Meeting, 0x0023), PropertyType.Binary);

    /// <summary>PidLidOwnerCriticalChange (PSETID_Meeting 0x001A).</summary>
    public static readonly PropertyKey OwnerCriticalChange = PropertyKey.FromName(NamedProperty.ById(PropertySets.Meeting, 0x001A), PropertyType.SysTime);

    // Common (PSETID_Common)

    /// <summary>PidLidReminderDelta in minutes (PSETID_Common 0x8501).</summary>
    public static readonly PropertyKey ReminderDelta = CommonProp(0x8501, PropertyType.Long);

    /// <summary>PidLidReminderTime (PSETID_Common 0x8502).</summary>
    public static readonly PropertyKey ReminderTime = CommonProp(0x8502, PropertyType.SysTime);

    /// <summary>PidLidReminderSignalTime (PSETID_Common 0x8560).</summary>
    public static readonly PropertyKey ReminderSignalTime = CommonProp(0x8560, PropertyType.SysTime);

    /// <summary>PidLidCommonStart (PSETID_Common 0x8516).</summary>
    public static readonly PropertyKey CommonStart = CommonProp(0x8516, PropertyType.SysTime);

    /// <summary>PidLidCommonEnd (PSETID_Common 0x8517).</summary>
    public static readonly PropertyKey CommonEnd = CommonProp(0x8517, PropertyType.SysTime);

    /// <summary>PidLidFlagRequest: the follow-up flag text (PSETID_Common 0x8530).</summary>
    public static readonly PropertyKey FlagRequest = CommonProp(0x8530, PropertyType.Unicode);

    /// <summary>PidLidToDoOrdinalDate (PSETID_Common 0x85A0).</summary>
    public static readonly PropertyKey ToDoOrdinalDate = CommonProp(0x85A0, PropertyType.SysTime);

    /// <summary>PidLidToDoSubOrdinal (PSETID_Common 0x85A1).</summary>
    public static readonly PropertyKey ToDoSubOrdinal = CommonProp(0x85A1, PropertyType.Unicode);

    /// <summary>PidLidToDoTitle (PSETID_Common 0x85A4).</summary>
    public static readonly PropertyKey ToDoTitle = CommonProp(0x85A4, PropertyType.Unicode);

    // Tasks (MS-OXOTASK 2.2.2, PSETID_Task)

    /// <summary>PidLidTaskStatus: 0 not started, 1 in progress, 2 complete, 3 waiting, 4 deferred (PSETID_Task 0x8101).</summary>
    public static readonly PropertyKey TaskStatus = TaskProp(0x8101, PropertyType.Long);

    /// <summary>PidLidPercentComplete (PSETID_Task 0x8102).</summary>
    public static readonly PropertyKey PercentComplete = TaskProp(0x8102, PropertyType.Double);

    /// <summary>PidLidTaskStartDate (PSETID_Task 0x8104): local midnight stored as UTC.</summary>
    public static readonly PropertyKey TaskStartDate = TaskProp(0x8104, PropertyType.SysTime);

    /// <summary>PidLidTaskDueDate (PSETID_Task 0x8105): local midnight stored as UTC.</summary>
    public static readonly PropertyKey TaskDueDate = TaskProp(0x8105, PropertyType.SysTime);

    /// <summary>PidLidTaskDeadOccurrence (PSETID_Task 0x8109).</summary>
    public static readonly PropertyKey TaskDeadOccurrence = TaskProp(0x8109, PropertyType.Boolean);

    /// <summary>PidLidTaskDateCompleted (PSETID_Task 0x810F).</summary>
    public static readonly PropertyKey TaskDateCompleted = TaskProp(0x810F, PropertyType.SysTime);

    /// <summary>PidLidTaskComplete (PSETID_Task 0x811C).</summary>
    public static readonly PropertyKey TaskComplete = TaskProp(0x811C, PropertyType.Boolean);

    /// <summary>PidLidTaskFRecurring (PSETID_Task 0x8126).</summary>
    public static readonly PropertyKey TaskRecurring = TaskProp(0x8126, PropertyType.Boolean);

    // Notes (MS-OXONOTE 2.2.1, PSETID_Note)

    /// <summary>PidLidNoteColor (PSETID_Note 0x8B00).</summary>
    public static readonly PropertyKey NoteColor = PropertyKey.FromName(NamedProperty.ById(PropertySets.Note, 0x8B00), PropertyType.Long);

    // Bourse's own properties, string-named in PSETID_Bourse. They hold what has no MAPI property of its own, or
    // whose MAPI form is a blob Bourse does not write: the recurrence pattern of appointments and tasks is kept as the
    // ActiveSync/EWS fields below (PidLidAppointmentRecur/PidLidTaskRecurrence are not written), exceptions as a
    // list of property bags. PidLidRecurring/PidLidRecurrenceType are kept in step so MAPI readers see the series.

    /// <summary>PSETID_Bourse: the property set of Bourse's own named properties.</summary>
    public static readonly Guid BoursePropertySet = new("c3109222-9705-4ef2-a3d8-c337fcdb4cb5");

    /// <summary>Recurrence type in ActiveSync numbering (MS-ASCAL Recurrence Type: 0 daily, 1 weekly, 2 monthly, 3 monthly on the nth day, 5 yearly, 6 yearly on the nth day).</summary>
    public static readonly PropertyKey RecurrencePatternType = BourseProp("RecurrenceType", PropertyType.Long);

    /// <summary>Recurrence interval (every n days/weeks/months).</summary>
    public static readonly PropertyKey RecurrenceInterval = BourseProp("RecurrenceInterval", PropertyType.Long);

    /// <summary>Recurrence end date (UTC).</summary>
    public static readonly PropertyKey RecurrenceUntil = BourseProp("RecurrenceUntil", PropertyType.SysTime);

    /// <summary>Recurrence end after this many occurrences.</summary>
    public static readonly PropertyKey RecurrenceOccurrences = BourseProp("RecurrenceOccurrences", PropertyType.Long);

    /// <summary>Days of the week, Sunday 1 … Saturday 64 (MS-ASCAL DayOfWeek).</summary>
    public static readonly PropertyKey RecurrenceDayOfWeek = BourseProp("RecurrenceDayOfWeek", PropertyType.Long);

    /// <summary>Day of the month, 1–31.</summary>
    public static readonly PropertyKey RecurrenceDayOfMonth = BourseProp("RecurrenceDayOfMonth", PropertyType.Long);

    /// <summary>Week of the month, 1–5 (5 = last).</summary>
    public static readonly PropertyKey RecurrenceWeekOfMonth = BourseProp("RecurrenceWeekOfMonth", PropertyType.Long);

    /// <summary>Month of the year, 1–12.</summary>
    public static readonly PropertyKey RecurrenceMonthOfYear = BourseProp("RecurrenceMonthOfYear", PropertyType.Long);

    /// <summary>First day of the week, 0 Sunday … 6 Saturday.</summary>
    public static readonly PropertyKey RecurrenceFirstDayOfWeek = BourseProp("RecurrenceFirstDayOfWeek", PropertyType.Long);

    /// <summary>Calendar type of the pattern (MS-ASCAL CalendarType).</summary>
    public static readonly PropertyKey RecurrenceCalendarType = BourseProp("RecurrenceCalendarType", PropertyType.Long);

    /// <summary>Whether the pattern's month is a leap month (MS-ASCAL IsLeapMonth).</summary>
    public static readonly PropertyKey RecurrenceIsLeapMonth = BourseProp("RecurrenceIsLeapMonth", PropertyType.Boolean);

    /// <summary>Start of a task's recurrence (MS-ASTASK Start).</summary>
    public static readonly PropertyKey RecurrenceStart = BourseProp("RecurrenceStart", PropertyType.SysTime);

    /// <summary>Whether a task regenerates after completion (MS-ASTASK Regenerate).</summary>
    public static readonly PropertyKey RecurrenceRegenerate = BourseProp("RecurrenceRegenerate", PropertyType.Boolean);

    /// <summary>The exceptions of a recurring appointment: a serialized list of property bags, one per exception.</summary>
    public static readonly PropertyKey RecurrenceExceptions = BourseProp("RecurrenceExceptions", PropertyType.Binary);

    /// <summary>The original start time of an exception (inside an exception bag).</summary>
    public static readonly PropertyKey ExceptionStartTime = BourseProp("ExceptionStartTime", PropertyType.SysTime);

    /// <summary>Whether an exception deletes its occurrence (inside an exception bag).</summary>
    public static readonly PropertyKey ExceptionDeleted = BourseProp("ExceptionDeleted", PropertyType.Boolean);

    /// <summary>Attendee addresses of an exception (inside an exception bag; parallel to the three below).</summary>
    public static readonly PropertyKey ExceptionAttendeeAddresses = BourseProp("ExceptionAttendeeAddresses", PropertyType.MultipleUnicode);

    /// <summary>Attendee display names of an exception.</summary>
    public static readonly PropertyKey ExceptionAttendeeNames = BourseProp("ExceptionAttendeeNames", PropertyType.MultipleUnicode);

    /// <summary>Attendee response states of an exception (PidTagRecipientTrackStatus values).</summary>
    public static readonly PropertyKey ExceptionAttendeeStatuses = BourseProp("ExceptionAttendeeStatuses", PropertyType.MultipleLong);

    /// <summary>Attendee types of an exception (1 required, 2 optional, 3 resource).</summary>
    public static readonly PropertyKey ExceptionAttendeeTypes = BourseProp("ExceptionAttendeeTypes", PropertyType.MultipleLong);

    /// <summary>The TIME_ZONE_INFORMATION an appointment was created with, byte-exact (MS-ASDTYPE 2.7.6; names included).</summary>
    public static readonly PropertyKey TimeZoneInformation = BourseProp("TimeZoneInformation", PropertyType.Binary);

    /// <summary>The location's structured fields that PidLidLocation cannot hold (16.x AirSyncBase:Location), one "Name=Value" per entry.</summary>
    public static readonly PropertyKey LocationDetails = BourseProp("LocationDetails", PropertyType.MultipleUnicode);

    /// <summary>Online meeting conference link (MS-ASCAL OnlineMeetingConfLink).</summary>
    public static readonly PropertyKey OnlineMeetingConfLink = BourseProp("OnlineMeetingConfLink", PropertyType.Unicode);

    /// <summary>Online meeting external link (MS-ASCAL OnlineMeetingExternalLink).</summary>
    public static readonly PropertyKey OnlineMeetingExternalLink = BourseProp("OnlineMeetingExternalLink", PropertyType.Unicode);

    /// <summary>A contact's second IM address (no MAPI property).</summary>
    public static readonly PropertyKey InstantMessagingAddress2 = BourseProp("IMAddress2", PropertyType.Unicode);

    /// <summary>A contact's third IM address (no MAPI property).</summary>
    public static readonly PropertyKey InstantMessagingAddress3 = BourseProp("IMAddress3", PropertyType.Unicode);

    /// <summary>A contact's MMS address (no MAPI property).</summary>
    public static readonly PropertyKey MmsAddress = BourseProp("MMS", PropertyType.Unicode);

    /// <summary>A contact's picture bytes (kept on the item; MAPI keeps it as an attachment, which Bourse does not write yet).</summary>
    public static readonly PropertyKey ContactPicture = BourseProp("ContactPicture", PropertyType.Binary);

    private static PropertyKey AddressProp(uint id, PropertyType type) => PropertyKey.FromName(NamedProperty.ById(PropertySets.Address, id), type);

    private static PropertyKey AppointmentProp(uint id, PropertyType type) => PropertyKey.FromName(NamedProperty.ById(PropertySets.Appointment, id), type);

    private static PropertyKey CommonProp(uint id, PropertyType type) => PropertyKey.FromName(NamedProperty.ById(PropertySets.Common, id), type);

    private static PropertyKey TaskProp(uint id, PropertyType type) => PropertyKey.FromName(NamedProperty.ById(PropertySets.Task, id), type);

    private static PropertyKey BourseProp(string name, PropertyType type) => PropertyKey.FromName(NamedProperty.ByName(BoursePropertySet, name), type);
}
