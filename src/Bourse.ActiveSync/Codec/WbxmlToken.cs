namespace Bourse.ActiveSync.Codec;

/// WBXML 1.3 global tokens and tag bits, as ActiveSync uses them.
internal static class WbxmlToken
{
    // MS-ASWBXML 2.1.1: ActiveSync uses WBXML 1.3, public identifier 1 (unknown), charset UTF-8 (MIBenum 106), no string table.
    internal const byte Version13 = 0x03;
    internal const uint PublicIdUnknown = 0x01;
    internal const uint CharsetUtf8 = 106;

    internal const byte SwitchPage = 0x00;
    internal const byte End = 0x01;
    internal const byte Entity = 0x02;
    internal const byte StrI = 0x03;
    internal const byte Literal = 0x04;
    internal const byte ExtI0 = 0x40;
    internal const byte ExtI1 = 0x41;
    internal const byte ExtI2 = 0x42;
    internal const byte Pi = 0x43;
    internal const byte LiteralC = 0x44;
    internal const byte ExtT0 = 0x80;
    internal const byte ExtT1 = 0x81;
    internal const byte ExtT2 = 0x82;
    internal const byte StrT = 0x83;
    internal const byte LiteralA = 0x84;
    internal const byte Ext0 = 0xC0;
    internal const byte Ext1 = 0xC1;
    internal const byte Ext2 = 0xC2;
    internal const byte Opaque = 0xC3;
    internal const byte LiteralAc = 0xC4;

    internal const byte ContentBit = 0x40;
    internal const byte AttributesBit = 0x80;
    internal const byte TagMask = 0x3F;
}
