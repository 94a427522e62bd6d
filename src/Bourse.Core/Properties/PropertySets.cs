namespace Bourse.Core.Properties;

/// <summary>Well-known property set GUIDs (MS-OXPROPS 1.3.2).</summary>
public static class PropertySets
{
    public static readonly Guid PublicStrings = new("00020329-0000-0000-C000-000000000046");
    public static readonly Guid Common = new("00062008-0000-0000-C000-000000000046");
    public static readonly Guid Address = new("00062004-0000-0000-C000-000000000046");
    public static readonly Guid Appointment = new("00062002-0000-0000-C000-000000000046");
    public static readonly Guid Meeting = new("6ED8DA90-450B-101B-98DA-00AA003F1305");
    public static readonly Guid Task = new("00062003-0000-0000-C000-000000000046");
    public static readonly Guid Log = new("0006200A-0000-0000-C000-000000000046");
    public static readonly Guid Note = new("0006200E-0000-0000-C000-000000000046");
    public static readonly Guid InternetHeaders = new("00020386-0000-0000-C000-000000000046");
    public static readonly Guid Mapi = new("00020328-0000-0000-C000-000000000046");
    public static readonly Guid AirSync = new("71035549-0739-4DCB-9163-00F0580DBBDF");
}
