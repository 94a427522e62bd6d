using Bourse.ActiveSync.Protocol;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// The simple Calendar elements (MS-ASCAL 2.2.2) and their properties (MS-OXOCAL 2.2.1); times are Compact DateTime
/// (MS-ASDTYPE 2.7.2). The same rows serve the top level and, where <see cref="InException"/>, an Exception.
internal static class CalendarFields
{
    private const string Ns = "Calendar";

    internal static readonly EasField AllDayEvent = new(Ns, "AllDayEvent", NamedProps.AppointmentSubType, EasFieldType.Boolean);

    // MS-ASCAL BusyStatus: 0 free, 1 tentative, 2 busy, 3 out of office, 4 working elsewhere.
    internal static readonly EasField BusyStatus = new(Ns, "BusyStatus", NamedProps.BusyStatus, EasFieldType.Integer) { Min = 0, Max = 4 };

    internal static readonly EasField OrganizerName = new(Ns, "OrganizerName", PropTags.SentRepresentingName, EasFieldType.Text);

    internal static readonly EasField DtStamp = new(Ns, "DtStamp", NamedProps.OwnerCriticalChange, EasFieldType.CompactDate);

    internal static readonly EasField EndTime = new(Ns, "EndTime", NamedProps.AppointmentEndWhole, EasFieldType.CompactDate);

    // 16.0 and later carry the location in AirSyncBase:Location (MS-ASAIRS 2.2.2.28).
    internal static readonly EasField Location = new(Ns, "Location", NamedProps.Location, EasFieldType.Text) { Until = EasProtocolVersion.V14_1 };

    // MS-ASCAL Sensitivity: 0 normal, 1 personal, 2 private, 3 confidential (PidTagSensitivity's values).
    internal static readonly EasField Sensitivity = new(Ns, "Sensitivity", PropTags.Sensitivity, EasFieldType.Integer) { Min = 0, Max = 3 };

    internal static readonly EasField Subject = new(Ns, "Subject", PropTags.Subject, EasFieldType.Text);

    internal static readonly EasField StartTime = new(Ns, "StartTime", NamedProps.AppointmentStartWhole, EasFieldType.CompactDate);

    internal static readonly EasField DisallowNewTimeProposal =
        new(Ns, "DisallowNewTimeProposal", NamedProps.AppointmentNotAllowPropose, EasFieldType.Boolean) { Since = EasProtocolVersion.V14_0 };

    internal static readonly EasField ResponseRequested =
        new(Ns, "ResponseRequested", PropTags.ResponseRequested, EasFieldType.Boolean) { Since = EasProtocolVersion.V14_0 };

    internal static readonly EasField AppointmentReplyTime =
        new(Ns, "AppointmentReplyTime", NamedProps.AppointmentReplyTime, EasFieldType.CompactDate) { Since = EasProtocolVersion.V14_0 };

    // MS-ASCAL ResponseType: 0 none … 5 not responded, PidLidResponseStatus's values.
    internal static readonly EasField ResponseType =
        new(Ns, "ResponseType", NamedProps.ResponseStatus, EasFieldType.Integer) { Min = 0, Max = 5, Since = EasProtocolVersion.V14_0 };

    internal static readonly EasField OnlineMeetingConfLink =
        new(Ns, "OnlineMeetingConfLink", NamedProps.OnlineMeetingConfLink, EasFieldType.Text) { Since = EasProtocolVersion.V14_1 };

    internal static readonly EasField OnlineMeetingExternalLink =
        new(Ns, "OnlineMeetingExternalLink", NamedProps.OnlineMeetingExternalLink, EasFieldType.Text) { Since = EasProtocolVersion.V14_1 };

    /// Top-level simple fields, in render order.
    internal static readonly EasField[] TopLevel =
    [
        AllDayEvent, BusyStatus, OrganizerName, DtStamp, EndTime, Location, Sensitivity, Subject, StartTime,
        DisallowNewTimeProposal, ResponseRequested, AppointmentReplyTime, ResponseType, OnlineMeetingConfLink, OnlineMeetingExternalLink,
    ];

    /// Simple fields an Exception can override (MS-ASCAL 2.2.2.21), in render order.
    internal static readonly EasField[] InException =
    [
        Subject, StartTime, EndTime, Location, Sensitivity, BusyStatus, AllDayEvent, DtStamp, AppointmentReplyTime, ResponseType,
        OnlineMeetingConfLink, OnlineMeetingExternalLink,
    ];

    /// The 16.0 AirSyncBase:Location children after DisplayName, kept as "Name=Value" in NamedProps.LocationDetails.
    internal static readonly string[] LocationDetails =
    [
        "Annotation", "Street", "City", "State", "Country", "PostalCode", "Latitude", "Longitude", "Accuracy", "Altitude",
        "AltitudeAccuracy", "LocationUri",
    ];
}
