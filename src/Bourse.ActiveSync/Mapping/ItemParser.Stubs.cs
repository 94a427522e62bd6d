using Bourse.ActiveSync.Codec;

namespace Bourse.ActiveSync.Mapping;

internal static partial class ItemParser
{
    private static bool ParseContact(ParseContext ctx, WbxmlElement app, ParsedItem parsed, SupportedElements supported) => ctx.Fail(ItemParseError.NotSupported, app);
    private static bool ParseCalendar(ParseContext ctx, WbxmlElement app, ParsedItem parsed, SupportedElements supported) => ctx.Fail(ItemParseError.NotSupported, app);
    private static bool ParseTask(ParseContext ctx, WbxmlElement app, ParsedItem parsed) => ctx.Fail(ItemParseError.NotSupported, app);
    private static bool ParseNote(ParseContext ctx, WbxmlElement app, ParsedItem parsed) => ctx.Fail(ItemParseError.NotSupported, app);
}
