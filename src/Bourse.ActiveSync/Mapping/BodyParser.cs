using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// A device's AirSyncBase:Body (MS-ASAIRS 2.2.2.9) as body properties (MS-OXCMSG PidTagBody/PidTagHtml/PidTagRtfCompressed): Type 1 sets PidTagBody,
/// Type 2 PidTagHtml (UTF-8) with PidTagBody derived from it, Type 3 PidTagRtfCompressed (the base64 Data decoded).
internal static class BodyParser
{
    private static readonly PropertyKey[] BodyKeys =
        [PropTags.Body, PropTags.Html, PropTags.RtfCompressed, PropTags.NativeBody, PropTags.InternetCodepage];

    internal static IReadOnlyList<PropertyKey> Keys => BodyKeys;

    internal static bool TryParse(ParseContext ctx, WbxmlElement body, PropertyChanges changes)
    {
        if (body.Text is { Length: > 0 } || body.Opaque is not null)
        {
            return ctx.Fail(ItemParseError.InvalidValue, body);
        }

        var type = EasBodyType.PlainText;
        WbxmlElement? data = null;
        foreach (var child in body.Children)
        {
            if (child.Namespace != "AirSyncBase")
            {
                continue;
            }

            if (child.Name == "Type")
            {
                if (!ctx.TryInt(child, 1, 4, out var t))
                {
                    return false;
                }

                type = (EasBodyType)t;
            }
            else if (child.Name == "Data")
            {
                data = child;
            }
        }

        if (type == EasBodyType.Mime)
        {
            // A device cannot store MIME as an item body; MIME comes only through SendMail/SmartReply/SmartForward.
            return ctx.Fail(ItemParseError.NotSupported, body);
        }

        var text = "";
        if (data is not null && !ctx.TryText(data, out text, ctx.Limits.MaxBodyBytes))
        {
            return false;
        }

        if (Encoding.UTF8.GetByteCount(text) > ctx.Limits.MaxBodyBytes)
        {
            return ctx.Fail(ItemParseError.TooLarge, data!);
        }

        foreach (var key in BodyKeys)
        {
            changes.Without(key);
        }

        switch (type)
        {
            case EasBodyType.PlainText:
                // MS-OXCMSG 2.2.1.56.1: PidTagBody lines end in CRLF.
                changes.With(PropTags.Body, PropertyValue.Unicode(text.ReplaceLineEndings("\r\n")));
                changes.With(PropTags.NativeBody, PropertyValue.Long(1));
                break;
            case EasBodyType.Html:
                changes.With(PropTags.Html, PropertyValue.Binary(Encoding.UTF8.GetBytes(text)));
                changes.With(PropTags.Body, PropertyValue.Unicode(BodyRenderer.HtmlToPlain(text)));
                changes.With(PropTags.InternetCodepage, PropertyValue.Long(65001));
                changes.With(PropTags.NativeBody, PropertyValue.Long(3));
                break;
            case EasBodyType.Rtf:
                byte[] rtf;
                try
                {
                    rtf = Convert.FromBase64String(text.Trim());
                }
                catch (FormatException)
                {
                    return ctx.Fail(ItemParseError.InvalidValue, data ?? body);
                }

                changes.With(PropTags.RtfCompressed, PropertyValue.Binary(rtf));
                changes.With(PropTags.NativeBody, PropertyValue.Long(2));
                break;
        }

        return true;
    }

    internal static void Remove(PropertyChanges changes)
    {
        foreach (var key in BodyKeys)
        {
            changes.Without(key);
        }
    }
}
