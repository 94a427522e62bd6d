namespace Bourse.Core.Properties;

/// <summary>MAPI property types (MS-OXCDATA 2.11.1). Multi-valued forms set the 0x1000 bit.</summary>
public enum PropertyType : ushort
{
    Unspecified = 0x0000,
    Null = 0x0001,
    Short = 0x0002,
    Long = 0x0003,
    Float = 0x0004,
    Double = 0x0005,
    Currency = 0x0006,
    AppTime = 0x0007,
    ErrorCode = 0x000A,
    Boolean = 0x000B,
    Object = 0x000D,
    I8 = 0x0014,
    String8 = 0x001E,
    Unicode = 0x001F,
    SysTime = 0x0040,
    Clsid = 0x0048,
    ServerId = 0x00FB,
    Restriction = 0x00FD,
    RuleAction = 0x00FE,
    Binary = 0x0102,

    MultipleShort = 0x1002,
    MultipleLong = 0x1003,
    MultipleDouble = 0x1005,
    MultipleI8 = 0x1014,
    MultipleUnicode = 0x101F,
    MultipleSysTime = 0x1040,
    MultipleClsid = 0x1048,
    MultipleBinary = 0x1102,
}

/// <summary>Helpers over <see cref="PropertyType"/>.</summary>
public static class PropertyTypes
{
    public const ushort MultiValueFlag = 0x1000;

    public static bool IsMultiValued(this PropertyType type) => ((ushort)type & MultiValueFlag) != 0;

    public static PropertyType ElementType(this PropertyType type) => (PropertyType)((ushort)type & ~MultiValueFlag);

    public static PropertyType ToMultiValued(this PropertyType type) => (PropertyType)((ushort)type | MultiValueFlag);

    /// <summary>The types Bourse stores in a property bag.</summary>
    public static bool IsSupported(this PropertyType type) => type.ElementType() switch
    {
        PropertyType.Short or PropertyType.Long or PropertyType.Double or PropertyType.Boolean or
        PropertyType.I8 or PropertyType.Unicode or PropertyType.SysTime or PropertyType.Clsid or
        PropertyType.Binary => !type.IsMultiValued() || type.ElementType() != PropertyType.Boolean,
        _ => false,
    };
}
