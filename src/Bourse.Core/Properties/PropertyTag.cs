namespace Bourse.Core.Properties;

/// <summary>A MAPI property tag: 16-bit property id in the high word, <see cref="PropertyType"/> in the low word (MS-OXCDATA 2.9).</summary>
public readonly record struct PropertyTag(ushort Id, PropertyType Type)
{
    public PropertyTag(uint tag) : this((ushort)(tag >> 16), (PropertyType)(tag & 0xFFFF)) { }

    public uint Value => ((uint)Id << 16) | (ushort)Type;

    /// <summary>Ids 0x8000 and above are named-property ids, mapped per mailbox (MS-OXPROPS 1.3.2).</summary>
    public bool IsNamedRange => Id >= 0x8000;

    public PropertyTag WithType(PropertyType type) => new(Id, type);

    public override string ToString() => $"0x{Value:X8}";
}
