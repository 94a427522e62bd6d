using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bourse.Core.Model;
using Bourse.Core.Properties;
using MimeKit;
using MimeKit.IO;
using MimeKit.Text;

namespace Bourse.Mailbox;

public static partial class MimeItemMapper
{
    private const int NativeBodyPlain = 1;
    private const int NativeBodyHtml = 3;
    private const int CodepageUtf8 = 65001;

    private static void MapContent(MimeMapContext ctx, MimeMessage message, Dictionary<MimeMessage, (long Begin, long End)> offsets)
    {
        var body = message.Body;
        if (body is null)
            return;
        var bag = ctx.Properties;

        if (body is Multipart signed && string.Equals(signed.ContentType.MediaSubtype, "signed", StringComparison.OrdinalIgnoreCase))
        {
            // MS-OXOSMIME 2.1.3.1.1 / 2.1.3.2: a clear-signed message is IPM.Note.SMIME.MultipartSigned with exactly one
            // attachment holding the multipart/signed entity as it arrived; the body properties carry the signed text.
            bag.Set(PropTags.MessageClass, MessageClasses.SmimeMultipartSigned);
            var walker = new MimeBodyWalker(ctx.Options.MaxDepth);
            if (signed.Count > 0)
                walker.Walk(signed[0]);
            var html = MapBody(ctx, walker);
            var cids = ReferencedContentIds(html);
            ctx.HasAttachments = walker.Attachments.Exists(a => !IsReferenced(a, cids));
            ctx.Attachments.Add(SmimeAttachment(ctx.Mime.Span, "multipart/signed"));
            return;
        }

        if (body.ContentType.IsMimeType("application", "pkcs7-mime") || body.ContentType.IsMimeType("application", "x-pkcs7-mime"))
        {
            // MS-OXOSMIME 2.1.3.2.2: opaque-signed or encrypted: IPM.Note.SMIME, one attachment "smime.p7m" with the
            // decoded PKCS #7 content; no body properties.
            bag.Set(PropTags.MessageClass, MessageClasses.SmimeOpaque);
            var content = body is MimePart part ? Decode(part) : [];
            ctx.Attachments.Add(new NewAttachment(AttachmentProperties("smime.p7m", "application/pkcs7-mime", null, null, content.Length, hidden: false), content));
            return;
        }

        if (body is Multipart report && string.Equals(report.ContentType.MediaSubtype, "report", StringComparison.OrdinalIgnoreCase))
            bag.Set(PropTags.MessageClass, ClassifyReport(report));

        var w = new MimeBodyWalker(ctx.Options.MaxDepth);
        w.Walk(body);
        var htmlText = MapBody(ctx, w);
        var referenced = ReferencedContentIds(htmlText);
        var number = 0;
        foreach (var entity in w.Attachments)
        {
            if (ctx.Attachments.Count >= ctx.Options.MaxAttachments)
                break;
            number++;
            try
            {
                if (BuildAttachment(entity, number, referenced, offsets, ctx.Mime) is { } attachment)
                    ctx.Attachments.Add(attachment);
            }
            catch (Exception)
            {
                // An attachment that cannot be decoded stays in the MIME only.
            }
        }
    }

    /// <summary>Sets PidTagBody/PidTagHtml/PidTagNativeBody/PidTagInternetCodepage and the search text; returns the HTML.</summary>
    private static string? MapBody(MimeMapContext ctx, MimeBodyWalker walker)
    {
        var bag = ctx.Properties;
        string? plain = null, html = null;
        var bodyFromBytes = false;
        if (walker.Plain is { } p)
        {
            if (RawRange(p, ctx.Mime.Span) is { } range && range.Length <= ctx.Options.MaxSearchTextChars
                && OnlyCrLfBreaks(ctx.Mime.Span.Slice(range.Start, range.Length)))
            {
                // The body is these bytes of the message exactly (the text MimeKit would give, CRLF already): it stays
                // bytes, decoded only if something reads it; the store keeps it as a reference into the MIME and indexes
                // it from there (no separate search text).
                bag.Set(PropTags.Body, PropertyValue.Utf8(ctx.Mime.Slice(range.Start, range.Length)));
                bodyFromBytes = true;
            }
            else
            {
                // PidTagBody lines end in CRLF (MS-OXCMSG 2.2.1.56.1), whatever the transport used.
                plain = CrLf(RawText(p, ctx.Mime.Span) ?? TextOf(p));
                bag.Set(PropTags.Body, plain);
            }
            bag.Set(PropTags.NativeBody, NativeBodyPlain);
            bag.Set(PropTags.InternetCodepage, CodepageOf(p));
        }
        if (walker.Html is { } h)
        {
            html = TextOf(h);
            // PidTagHtml holds bytes in PidTagInternetCodepage (MS-OXCMSG 2.2.1.56.6); we store them as UTF-8.
            bag.Set(PropTags.Html, Encoding.UTF8.GetBytes(html));
            bag.Set(PropTags.NativeBody, NativeBodyHtml);
            bag.Set(PropTags.InternetCodepage, CodepageUtf8);
            if (plain is null && !bodyFromBytes)
            {
                plain = CrLf(HtmlTextExtractor.Extract(html));
                bag.Set(PropTags.Body, plain);
            }
        }
        if (plain is not null)
            ctx.SearchText = plain.Length > ctx.Options.MaxSearchTextChars ? plain[..ctx.Options.MaxSearchTextChars] : plain;
        return html;
    }

    private static readonly SearchValues<char> LineBreakChars = SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    /// <summary>
    /// <paramref name="text"/> with every line break as CRLF, as <see cref="string.ReplaceLineEndings(string)"/> gives it, but
    /// without a copy when it has CRLF breaks only (mail as it travels over SMTP).
    /// </summary>
    internal static string CrLf(string text)
    {
        var span = text.AsSpan();
        var i = 0;
        while (true)
        {
            var k = span[i..].IndexOfAny(LineBreakChars);
            if (k < 0)
                return text;
            i += k;
            if (span[i] != '\r' || i + 1 >= span.Length || span[i + 1] != '\n')
                return text.ReplaceLineEndings("\r\n");
            i += 2;
        }
    }

    private static string TextOf(TextPart part)
    {
        try
        {
            var text = part.Text;
            if (string.Equals(part.ContentType.Format, "flowed", StringComparison.OrdinalIgnoreCase))
            {
                // RFC 3676 4.2: unwrap soft line breaks; DelSp=yes also deletes the space before them.
                var delsp = part.ContentType.Parameters.TryGetValue("delsp", out string? d) && string.Equals(d, "yes", StringComparison.OrdinalIgnoreCase);
                text = new FlowedToText { DeleteSpace = delsp }.Convert(text);
            }
            return text;
        }
        catch (Exception)
        {
            return RawHeaders.Decode(Decode(part));
        }
    }

    /// <summary>
    /// The plain text of a part that needs no decoding, read straight from the message bytes, for the body: identity
    /// transfer encoding, not format=flowed, every CR part of a CRLF, and content that reads the same in its charset as in
    /// UTF-8 (valid UTF-8 labelled utf-8, or ASCII under a label that extends ASCII). Its lines are those of
    /// <see cref="TextPart.Text"/>, which ends them in LF where the message has CRLF; <see cref="CrLf"/> makes the two
    /// identical, without MimeKit's decode-and-copy passes. Null otherwise.
    /// </summary>
    internal static string? RawText(TextPart part, ReadOnlySpan<byte> mime) =>
        RawRange(part, mime) is { } range ? Encoding.UTF8.GetString(mime.Slice(range.Start, range.Length)) : null;

    /// <summary>
    /// Where in the message the bytes of <see cref="RawText"/> are (they read the same as UTF-8 whatever the charset
    /// label); null when the part needs decoding.
    /// </summary>
    internal static (int Start, int Length)? RawRange(TextPart part, ReadOnlySpan<byte> mime)
    {
        if (part.ContentTransferEncoding is not (ContentEncoding.Default or ContentEncoding.SevenBit or ContentEncoding.EightBit or ContentEncoding.Binary)
            || string.Equals(part.ContentType.Format, "flowed", StringComparison.OrdinalIgnoreCase)
            || part.Content?.Stream is not BoundStream bound || bound.StartBoundary < 0 || bound.StartBoundary > mime.Length)
            return null;
        var end = bound.EndBoundary < 0 ? mime.Length : Math.Min(bound.EndBoundary, mime.Length);
        if (end < bound.StartBoundary)
            return null;
        var start = (int)bound.StartBoundary;
        var bytes = mime[start..(int)end];
        if (bytes.StartsWith("\uFEFF"u8))
            return null;
        for (var at = bytes.IndexOf((byte)'\r'); at >= 0;)
        {
            if (at + 1 >= bytes.Length || bytes[at + 1] != '\n')
                return null;
            var next = bytes[(at + 2)..].IndexOf((byte)'\r');
            at = next < 0 ? -1 : at + 2 + next;
        }
        var charset = part.ContentType.Charset?.Trim();
        var utf8 = string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase) || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase);
        if (utf8 && System.Text.Unicode.Utf8.IsValid(bytes))
            return (start, bytes.Length);
        // ASCII reads the same only under charsets that extend it byte for byte (not UTF-7, UTF-16 or ISO-2022, whose
        // ASCII bytes can stand for other characters).
        if ((utf8 || AsciiSuperset(charset)) && System.Text.Ascii.IsValid(bytes))
            return (start, bytes.Length);
        return null;
    }

    /// <summary>
    /// True when the UTF-8 text <paramref name="utf8"/> has no line break other than CRLF, so that <see cref="CrLf"/> would
    /// leave its string as it is: every LF follows a CR, and no form feed, NEL, line or paragraph separator.
    /// </summary>
    internal static bool OnlyCrLfBreaks(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; ;)
        {
            var k = utf8[i..].IndexOfAny((byte)'\r', (byte)'\n', (byte)'\f');
            if (k < 0)
                break;
            i += k;
            if (utf8[i] != '\r' || i + 1 >= utf8.Length || utf8[i + 1] != '\n')
                return false;
            i += 2;
        }
        return utf8.IndexOf("\u0085"u8) < 0 && utf8.IndexOf("\u2028"u8) < 0 && utf8.IndexOf("\u2029"u8) < 0;
    }

    private static bool AsciiSuperset(string? charset) =>
        string.IsNullOrEmpty(charset)
        || string.Equals(charset, "us-ascii", StringComparison.OrdinalIgnoreCase)
        || charset.StartsWith("iso-8859-", StringComparison.OrdinalIgnoreCase)
        || charset.StartsWith("windows-125", StringComparison.OrdinalIgnoreCase);

    private static int CodepageOf(TextPart part)
    {
        var charset = part.ContentType.Charset;
        if (string.IsNullOrWhiteSpace(charset))
            return 20127; // RFC 2045 5.2: no charset means us-ascii.
        // The two labels nearly all mail carries, without a lookup through the code-page provider.
        if (string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase))
            return CodepageUtf8;
        if (string.Equals(charset, "us-ascii", StringComparison.OrdinalIgnoreCase))
            return 20127;
        try
        {
            return Encoding.GetEncoding(charset.Trim()).CodePage;
        }
        catch (Exception)
        {
            return CodepageUtf8;
        }
    }

    private static byte[] Decode(MimePart part)
    {
        if (part.Content is null)
            return [];
        using var ms = new MemoryStream();
        part.Content.DecodeTo(ms);
        return ms.ToArray();
    }

    private static NewAttachment? BuildAttachment(MimeEntity entity, int number, HashSet<string> referenced,
        Dictionary<MimeMessage, (long Begin, long End)> offsets, ReadOnlyMemory<byte> mime)
    {
        var mimeType = entity.ContentType.MimeType.ToLowerInvariant();
        var fileName = entity.ContentDisposition?.FileName ?? entity.ContentType.Name;
        byte[] content;
        switch (entity)
        {
            case MessagePart mp:
                content = EmbeddedMessageBytes(mp, offsets, mime);
                if (string.IsNullOrWhiteSpace(fileName) && !string.IsNullOrWhiteSpace(mp.Message?.Subject))
                    fileName = mp.Message.Subject + ".eml";
                break;
            case MimePart part:
                content = Decode(part);
                break;
            default:
                return null;
        }
        fileName = SanitizeFileName(fileName);
        if (string.IsNullOrEmpty(fileName))
            fileName = "ATT" + number.ToString("D5", CultureInfo.InvariantCulture) + DefaultExtension(mimeType);
        var hidden = IsReferenced(entity, referenced);
        var props = AttachmentProperties(fileName, mimeType, entity.ContentId, entity.ContentLocation?.ToString(), content.Length, hidden);
        return new NewAttachment(props, content);
    }

    private static byte[] EmbeddedMessageBytes(MessagePart part, Dictionary<MimeMessage, (long Begin, long End)> offsets, ReadOnlyMemory<byte> mime)
    {
        if (part.Message is null)
            return [];
        // The embedded message as it arrived, when the parser told us where it lies; otherwise MimeKit's serialization.
        if (offsets.TryGetValue(part.Message, out var range) && range.Begin >= 0 && range.End <= mime.Length && range.End > range.Begin &&
            !IsEncoded(part.Headers[HeaderId.ContentTransferEncoding]))
        {
            return mime.Slice((int)range.Begin, (int)(range.End - range.Begin)).ToArray();
        }
        using var ms = new MemoryStream();
        part.Message.WriteTo(ms);
        return ms.ToArray();
    }

    private static bool IsEncoded(string? transferEncoding) =>
        transferEncoding?.Trim().ToUpperInvariant() is "BASE64" or "QUOTED-PRINTABLE";

    private static PropertyBag AttachmentProperties(string fileName, string mimeType, string? contentId, string? contentLocation, int size, bool hidden)
    {
        var props = new PropertyBag()
            .Set(PropTags.AttachMethod, (int)AttachMethod.ByValue)
            .Set(PropTags.AttachLongFilename, fileName)
            .Set(PropTags.AttachFilename, ShortFileName(fileName))
            .Set(PropTags.DisplayName, fileName)
            .Set(PropTags.AttachMimeTag, mimeType)
            .Set(PropTags.AttachSize, size)
            .Set(PropTags.AttachmentHidden, hidden)
            .Set(PropTags.RenderingPosition, -1);
        var ext = Path.GetExtension(fileName);
        if (!string.IsNullOrEmpty(ext))
            props.Set(PropTags.AttachExtension, ext);
        if (!string.IsNullOrWhiteSpace(contentId))
            props.Set(PropTags.AttachContentId, contentId.Trim().Trim('<', '>'));
        if (!string.IsNullOrWhiteSpace(contentLocation))
            props.Set(PropTags.AttachContentLocation, contentLocation);
        if (hidden)
            props.Set(PropTags.AttachFlags, 0x4); // MS-OXCMSG 2.2.2.18: attRenderedInBody.
        return props;
    }

    private static NewAttachment SmimeAttachment(ReadOnlySpan<byte> mime, string mimeType)
    {
        // The entity is the top-level MIME headers (Content-*) and the body, byte for byte: the signature covers them.
        var headerEnd = RawHeaders.FindHeaderEnd(mime, out var bodyStart);
        using var ms = new MemoryStream();
        foreach (var f in RawHeaders.ReadFields(mime))
        {
            if (f.Name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || f.Name.Equals("MIME-Version", StringComparison.OrdinalIgnoreCase))
                ms.Write(mime.Slice(f.Start, f.Length));
        }
        ms.Write(bodyStart > headerEnd ? mime[headerEnd..bodyStart] : "\r\n"u8);
        ms.Write(mime[bodyStart..]);
        var content = ms.ToArray();
        return new NewAttachment(AttachmentProperties("smime.p7m", mimeType, null, null, content.Length, hidden: false), content);
    }

    private static readonly Regex CidReference = new(@"cid:([^\s""'<>)]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>RFC 2392: Content-IDs referenced from the HTML body as cid: URLs.</summary>
    private static HashSet<string> ReferencedContentIds(string? html)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(html))
            return set;
        try
        {
            foreach (Match m in CidReference.Matches(html))
            {
                var id = m.Groups[1].Value;
                try
                {
                    id = Uri.UnescapeDataString(id);
                }
                catch (UriFormatException)
                {
                }
                set.Add(id.Trim('<', '>'));
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }
        return set;
    }

    private static bool IsReferenced(MimeEntity entity, HashSet<string> referenced) =>
        !string.IsNullOrEmpty(entity.ContentId) && referenced.Contains(entity.ContentId);

    private static string ClassifyReport(Multipart report)
    {
        var type = report.ContentType.Parameters.TryGetValue("report-type", out string? t) ? t.Trim() : "";
        if (type.Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3464 2.3.3: Action is failed / delayed / delivered / relayed / expanded, per recipient.
            var actions = ReportFieldValues(report, "delivery-status", "Action");
            if (actions.Contains("failed"))
                return MessageClasses.NonDeliveryReport;
            if (actions.Contains("delayed"))
                return MessageClasses.DelayedReport;
            return actions.Count > 0 ? MessageClasses.DeliveryReport : MessageClasses.NonDeliveryReport;
        }
        if (type.Equals("disposition-notification", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 8098 3.2.6: "displayed" is a read receipt; deleted/dispatched/processed are not-read notifications.
            var dispositions = ReportFieldValues(report, "disposition-notification", "Disposition");
            return dispositions.Any(d => d.Contains("displayed", StringComparison.OrdinalIgnoreCase))
                ? MessageClasses.ReadReceipt
                : MessageClasses.NonReadReceipt;
        }
        return MessageClasses.Note;
    }

    private static HashSet<string> ReportFieldValues(Multipart report, string subtype, string field)
    {
        var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in report.OfType<MimePart>())
        {
            if (!part.ContentType.IsMimeType("message", subtype) && !part.ContentType.IsMimeType("message", "global-" + subtype))
                continue;
            var text = RawHeaders.Decode(Decode(part));
            foreach (var line in text.Split('\n'))
            {
                var l = line.TrimEnd('\r');
                if (l.Length > field.Length && l.StartsWith(field, StringComparison.OrdinalIgnoreCase) && l[field.Length] == ':')
                {
                    var value = l[(field.Length + 1)..].Trim();
                    var semi = value.LastIndexOf(';');
                    values.Add((semi >= 0 ? value[(semi + 1)..] : value).Trim().Split(' ', '/')[0]);
                }
            }
        }
        return values;
    }

    private static string? SanitizeFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return null;
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim())
            sb.Append(c is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c);
        var s = sb.ToString();
        return s.Length > 255 ? s[..255] : s;
    }

    /// <summary>PidTagAttachFilename is the 8.3 form of the long name (MS-OXCMSG 2.2.2.11).</summary>
    internal static string ShortFileName(string longName)
    {
        var ext = Path.GetExtension(longName);
        var stem = Path.GetFileNameWithoutExtension(longName);
        static string Clean(string s) => new(s.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '~').Select(char.ToUpperInvariant).ToArray());
        var cleanStem = Clean(stem);
        var cleanExt = Clean(ext.TrimStart('.'));
        if (cleanStem.Length == stem.Length && cleanStem.Length is > 0 and <= 8 && cleanExt.Length == ext.TrimStart('.').Length && cleanExt.Length <= 3)
            return cleanExt.Length > 0 ? cleanStem + "." + cleanExt : cleanStem;
        if (cleanStem.Length == 0)
            cleanStem = "ATT";
        var shortStem = (cleanStem.Length > 6 ? cleanStem[..6] : cleanStem) + "~1";
        if (cleanExt.Length > 3)
            cleanExt = cleanExt[..3];
        return cleanExt.Length > 0 ? shortStem + "." + cleanExt : shortStem;
    }

    private static string DefaultExtension(string mimeType) => mimeType switch
    {
        "text/plain" or "message/delivery-status" or "text/rfc822-headers" or "message/disposition-notification" => ".txt",
        "text/html" => ".htm",
        "text/calendar" => ".ics",
        "message/rfc822" => ".eml",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "application/pdf" => ".pdf",
        "application/pkcs7-signature" or "application/x-pkcs7-signature" => ".p7s",
        "application/pkcs7-mime" or "application/x-pkcs7-mime" => ".p7m",
        _ => ".dat",
    };
}
