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
}
