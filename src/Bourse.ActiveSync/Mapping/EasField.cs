using System.Globalization;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// How a simple field's text is written: MS-ASDTYPE string, integer, boolean (0/1), dateTime, Compact DateTime, double.
internal enum EasFieldType
{
    Text,
    Integer,
    Boolean,
    Date,
    CompactDate,
    Double,
}

/// One row of a class's mapping table: an element, the property it maps to, its type and the protocol versions that
/// have it. Elements that need more than one property (addresses, bodies, recurrences …) are handled in code.
internal sealed record EasField(string Namespace, string Name, PropertyKey Key, EasFieldType Type)
{
    internal EasProtocolVersion Since { get; init; } = EasProtocolVersion.V12_1;

    internal EasProtocolVersion Until { get; init; } = EasProtocolVersion.V16_1;

    internal int Min { get; init; } = int.MinValue;

    internal int Max { get; init; } = int.MaxValue;

    internal bool AppliesTo(EasProtocolVersion version) => version >= Since && version <= Until;

    internal bool Is(WbxmlElement element) => element.Name == Name && element.Namespace == Namespace;

    internal WbxmlElement? Render(PropertyBag bag)
    {
        if (!bag.TryGet(Key, out var value))
        {
            return null;
        }

        string? text = (Type, value.Value) switch
        {
            (EasFieldType.Text, string s) => s.Length == 0 ? null : s.Replace("\0", "", StringComparison.Ordinal),
            (EasFieldType.Integer, int i) => i.ToString(CultureInfo.InvariantCulture),
            (EasFieldType.Integer, short i) => i.ToString(CultureInfo.InvariantCulture),
            (EasFieldType.Boolean, bool b) => b ? "1" : "0",
            (EasFieldType.Boolean, int i) => i != 0 ? "1" : "0",
            (EasFieldType.Date, DateTime d) => EasDateTime.FormatLong(d),
            (EasFieldType.CompactDate, DateTime d) => EasDateTime.FormatCompact(d),
            (EasFieldType.Double, double d) => d.ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
        return text is null ? null : new WbxmlElement(Namespace, Name, text);
    }

    internal bool TryParse(ParseContext ctx, WbxmlElement element, out PropertyValue value)
    {
        value = null!;
        switch (Type)
        {
            case EasFieldType.Text:
                if (!ctx.TryText(element, out var text))
                {
                    return false;
                }

                value = PropertyValue.Unicode(text);
                return true;
            case EasFieldType.Integer:
                if (!ctx.TryInt(element, Min, Max, out var i))
                {
                    return false;
                }

                value = PropertyValue.Long(i);
                return true;
            case EasFieldType.Boolean:
                if (!ctx.TryBool(element, out var b))
                {
                    return false;
                }

                value = PropertyValue.Boolean(b);
                return true;
            case EasFieldType.Date:
            case EasFieldType.CompactDate:
                if (!ctx.TryDate(element, out var d))
                {
                    return false;
                }

                value = PropertyValue.SysTime(d);
                return true;
            case EasFieldType.Double:
                if (!ctx.TryDouble(element, out var x))
                {
                    return false;
                }

                value = PropertyValue.Double(x);
                return true;
            default:
                return ctx.Fail(ItemParseError.ConversionFailed, element);
        }
    }
}
