using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.Core.Properties;

namespace Bourse.ActiveSync.Mapping;

/// Renders AirSyncBase:Body (MS-ASAIRS 2.2.2.9) from an item's body properties, or from its stored MIME when the
/// client asked for MIME. The MIME is opened only then: a plain or HTML body comes from PidTagBody / PidTagHtml.
internal static class BodyRenderer
{
    private const string Ns = "AirSyncBase";
    private const int CodepageUtf8 = 65001;
    private const int CodepageAscii = 20127;

    internal static async ValueTask<WbxmlElement> RenderAsync(PropertyBag bag, string messageClass, bool mimeAllowed,
        ItemRenderOptions options, Func<CancellationToken, ValueTask<Stream?>>? openMime, CancellationToken ct)
    {
        if (mimeAllowed && openMime is not null && WantsMime(options.MimeSupport, messageClass))
        {
            var mime = await RenderMimeAsync(bag, options, openMime, ct).ConfigureAwait(false);
            if (mime is not null)
            {
                return mime;
            }
        }

        return Render(bag, options);
    }

    /// The body without MIME: the client's preferred type that the item can supply, native type first.
    internal static WbxmlElement Render(PropertyBag bag, ItemRenderOptions options)
    {
        var source = new BodySource(bag);
        BodyPreference? tooBig = null;
        long tooBigSize = 0;
        foreach (var preference in Candidates(options, source.NativeType))
        {
            var content = Content(preference.Type, source);
            if (content is null)
            {
                continue;
            }

            // MS-ASAIRS 2.2.2.3.2: with AllOrNone, a body larger than TruncationSize is not sent truncated; the
            // server moves on to the next preference.
            if (preference.AllOrNone && preference.TruncationSize is { } limit && content.Value.Size > limit)
            {
                if (tooBig is null)
                {
                    tooBig = preference;
                    tooBigSize = content.Value.Size;
                }

                continue;
            }

            return Build(preference, content.Value, source.Plain, options.Version);
        }

        // No preference can be satisfied whole: the type and size only, so the client can fetch it when it wants.
        var fallback = tooBig ?? new BodyPreference(EasBodyType.PlainText);
        var body = new WbxmlElement(Ns, "Body");
        body.Add(Text("Type", ((int)fallback.Type).ToString(CultureInfo.InvariantCulture)));
        body.Add(Text("EstimatedDataSize", tooBigSize.ToString(CultureInfo.InvariantCulture)));
        body.Add(Text("Truncated", tooBig is null ? "0" : "1"));
        AddPreview(body, fallback, source.Plain, options.Version);
        return body;
    }

    /// MS-ASCMD 2.2.3.110.3: MIMESupport 1 sends MIME for S/MIME messages only, 2 for every message.
    internal static bool WantsMime(MimeSupport support, string messageClass) => support switch
    {
        MimeSupport.Always => true,
        // MS-OXOSMIME 2.1.3.1: S/MIME messages are IPM.Note.SMIME and IPM.Note.SMIME.MultipartSigned.
        MimeSupport.SmimeOnly => messageClass.StartsWith("IPM.Note.SMIME", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static IEnumerable<BodyPreference> Candidates(ItemRenderOptions options, EasBodyType native)
    {
        var preferences = options.BodyPreferences;
        if (preferences.Count == 0)
        {
            // No BodyPreference: plain text, whole.
            yield return new BodyPreference(EasBodyType.PlainText);
            yield break;
        }

        // MS-ASAIRS 2.2.2.3.2: by default the server returns the type matching the body's native format.
        foreach (var p in preferences)
        {
            if (p.Type == native)
            {
                yield return p;
            }
        }

        var any = false;
        foreach (var p in preferences)
        {
            any |= p.Type != EasBodyType.Mime;
            if (p.Type != native && p.Type != EasBodyType.Mime)
            {
                yield return p;
            }
        }

        if (!any)
        {
            // Only MIME was asked for, and MIME is not being sent: the whole plain text.
            yield return new BodyPreference(EasBodyType.PlainText);
        }
    }

    private static BodyContent? Content(EasBodyType type, in BodySource source) => type switch
    {
        EasBodyType.PlainText => BodyContent.FromText(source.Plain ?? (source.HtmlText() is { } h ? HtmlToPlain(h) : "")),
        EasBodyType.Html => source.Html is { } html && source.HtmlIsUtf8
            ? BodyContent.FromUtf8(html)
            : BodyContent.FromText(source.HtmlText() ?? (string.IsNullOrEmpty(source.Plain) ? "" : PlainToHtml(source.Plain))),
        // RTF is sent as the base64 of PidTagRtfCompressed; Bourse cannot make RTF from other bodies.
        EasBodyType.Rtf => source.Rtf is { } rtf ? BodyContent.FromText(Convert.ToBase64String(rtf)) : null,
        _ => null,
    };

    private static WbxmlElement Build(BodyPreference preference, BodyContent content, string? plain, EasProtocolVersion version)
    {
        var body = new WbxmlElement(Ns, "Body");
        body.Add(Text("Type", ((int)preference.Type).ToString(CultureInfo.InvariantCulture)));
        body.Add(Text("EstimatedDataSize", content.Size.ToString(CultureInfo.InvariantCulture)));
        var (data, truncated) = content.Truncate(preference.TruncationSize);
        body.Add(Text("Truncated", truncated ? "1" : "0"));
        body.Add(Text("Data", data));
        // MS-ASAIRS 2.2.2.35.1: with Type 1 and data returned, the Preview is not sent (the data is the preview).
        if (preference.Type != EasBodyType.PlainText || data.Length == 0)
            AddPreview(body, preference, plain, version);
        return body;
    }

    private static void AddPreview(WbxmlElement body, BodyPreference preference, string? plain, EasProtocolVersion version)
    {
        // MS-ASAIRS Preview (Body): Preview is returned in protocol 14.0 and later when the preference asked for it.
        if (version >= EasProtocolVersion.V14_0 && preference.Preview is > 0 and var n)
        {
            body.Add(Text("Preview", Utf8Text.Preview(plain, n)));
        }
    }

    private static async ValueTask<WbxmlElement?> RenderMimeAsync(PropertyBag bag, ItemRenderOptions options,
        Func<CancellationToken, ValueTask<Stream?>> openMime, CancellationToken ct)
    {
        var preference = options.PreferenceFor(EasBodyType.Mime) ?? new BodyPreference(EasBodyType.Mime);
        // MS-ASCMD 2.2.3.111: MIMETruncation applies when the Type 4 preference has no TruncationSize of its own.
        var limit = preference.TruncationSize ?? options.MimeTruncation;
        var stream = await openMime(ct).ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            var read = await ReadPrefixAsync(stream, limit, preference.AllOrNone, ct).ConfigureAwait(false);
            var body = new WbxmlElement(Ns, "Body");
            body.Add(Text("Type", "4"));
            body.Add(Text("EstimatedDataSize", read.Total.ToString(CultureInfo.InvariantCulture)));
            var truncated = read.Total > read.Bytes.Length;
            body.Add(Text("Truncated", truncated ? "1" : "0"));
            if (!(preference.AllOrNone && truncated))
            {
                body.Add(MimeData(read.Bytes, truncated));
            }

            AddPreview(body, preference, bag.GetString(PropTags.Body), options.Version);
            return body;
        }
    }

    /// MIME bytes travel as a string when they are UTF-8 without NUL (as Exchange sends them), otherwise as OPAQUE so
    /// 8-bit and binary content arrives byte-exact.
    private static WbxmlElement MimeData(byte[] bytes, bool truncated)
    {
        var data = new WbxmlElement(Ns, "Data");
        var span = bytes.AsSpan();
        var text = truncated ? span[..CompleteLength(span)] : span;
        if (Utf8.IsValid(text) && !text.Contains((byte)0))
        {
            data.Text = Encoding.UTF8.GetString(text);
        }
        else
        {
            data.Opaque = bytes;
        }

        return data;
    }

    /// A cut prefix may end inside a multi-byte character: the length without that incomplete tail.
    private static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.Length - 1;
        var continuation = 0;
        while (i >= 0 && continuation < 3 && (bytes[i] & 0xC0) == 0x80)
        {
            i--;
            continuation++;
        }

        if (i < 0)
        {
            return bytes.Length;
        }

        var lead = bytes[i];
        var width = lead < 0xC0 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        return continuation + 1 >= width ? bytes.Length : i;
    }

    private static async ValueTask<(byte[] Bytes, long Total)> ReadPrefixAsync(Stream stream, long? limit, bool allOrNone,
        CancellationToken ct)
    {
        long? known = null;
        if (stream.CanSeek)
        {
            known = Math.Max(0, stream.Length - stream.Position);
        }

        var want = limit is { } l ? Math.Min(l, Array.MaxLength) : Array.MaxLength;
        if (known is { } k)
        {
            if (allOrNone && limit is { } max && k > max)
            {
                return ([], k);
            }

            var size = (int)Math.Min(k, want);
            var buffer = GC.AllocateUninitializedArray<byte>(size);
            await stream.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);
            return (buffer, k);
        }

        // Length unknown: read up to the limit, then count what is left.
        using var ms = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int n;
            while ((n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                var keep = (int)Math.Clamp(want - total, 0, n);
                if (keep > 0)
                {
                    ms.Write(chunk, 0, keep);
                }

                total += n;
            }

            var bytes = ms.ToArray();
            return (allOrNone && total > bytes.Length ? [] : bytes, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static WbxmlElement Text(string name, string text) => new(Ns, name, ControlFree(text));

    /// <summary>
    /// Body text without NUL (a WBXML inline string ends at NUL, MS-ASWBXML 2.1.1) and without the other C0 controls XML
    /// does not allow (devices and libwbxml2 render WBXML as XML); tab, line feed and carriage return stay. Mail bodies can
    /// carry any byte, so this runs on every body and preview — the common case returns the same string.
    /// </summary>
    internal static string ControlFree(string text)
    {
        var i = 0;
        while (i < text.Length && (text[i] >= ' ' || text[i] is '\t' or '\n' or '\r'))
            i++;
        if (i == text.Length)
            return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= ' ' || c is '\t' or '\n' or '\r')
                sb.Append(c);
        }

        return sb.ToString();
    }

    internal static string PlainToHtml(string plain)
    {
        var sb = new StringBuilder(plain.Length + 128);
        sb.Append("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>");
        for (var i = 0; i < plain.Length; i++)
        {
            var c = plain[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\r':
                    if (i + 1 < plain.Length && plain[i + 1] == '\n')
                    {
                        i++;
                    }

                    sb.Append("<br>\r\n");
                    break;
                case '\n': sb.Append("<br>\r\n"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append("</body></html>").ToString();
    }

    /// Plain text of an HTML body (for PidTagBody of an HTML-only item and for a plain request of one): the text
    /// content, script/style/head dropped, br and block ends as line breaks.
    internal static string HtmlToPlain(string html)
    {
        var sb = new StringBuilder(Math.Min(html.Length, 16 * 1024));
        var skip = 0;
        using var reader = new StringReader(html);
        var tokenizer = new MimeKit.Text.HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case MimeKit.Text.HtmlTagToken tag when tag.Id is MimeKit.Text.HtmlTagId.Script or MimeKit.Text.HtmlTagId.Style
                    or MimeKit.Text.HtmlTagId.Head or MimeKit.Text.HtmlTagId.Title:
                    skip = tag.IsEndTag ? Math.Max(0, skip - 1) : tag.IsEmptyElement ? skip : skip + 1;
                    break;
                case MimeKit.Text.HtmlTagToken tag when tag.Id is MimeKit.Text.HtmlTagId.Br
                    || (tag.IsEndTag && tag.Id is MimeKit.Text.HtmlTagId.P or MimeKit.Text.HtmlTagId.Div
                        or MimeKit.Text.HtmlTagId.LI or MimeKit.Text.HtmlTagId.TR):
                    sb.Append("\r\n");
                    break;
                case MimeKit.Text.HtmlDataToken data when skip == 0:
                    foreach (var c in data.Data)
                    {
                        if (c is '\r' or '\n' or '\t')
                        {
                            if (sb.Length > 0 && sb[^1] is not (' ' or '\n'))
                            {
                                sb.Append(' ');
                            }
                        }
                        else
                        {
                            sb.Append(c == '\u00A0' ? ' ' : c);
                        }
                    }

                    break;
            }
        }

        return sb.ToString().Trim();
    }

    /// The body properties of an item (MS-OXCMSG 2.2.1.56.1, 2.2.1.56.6 and PidTagRtfCompressed): plain text, HTML bytes in their code page, compressed RTF.
    private readonly struct BodySource
    {
        internal BodySource(PropertyBag bag)
        {
            Plain = bag.GetString(PropTags.Body);
            Html = bag.GetBinary(PropTags.Html);
            Rtf = bag.GetBinary(PropTags.RtfCompressed);
            Codepage = bag.GetInt32(PropTags.InternetCodepage);
            NativeType = (bag.GetInt32(PropTags.NativeBody), Html, Rtf, Plain) switch
            {
                // MS-OXCMSG PidTagNativeBody: 1 plain, 2 RTF, 3 HTML.
                (3, not null, _, _) => EasBodyType.Html,
                (2, _, not null, _) => EasBodyType.Rtf,
                (1, _, _, not null) => EasBodyType.PlainText,
                (_, _, _, not null) => EasBodyType.PlainText,
                (_, not null, _, _) => EasBodyType.Html,
                (_, _, not null, _) => EasBodyType.Rtf,
                _ => EasBodyType.PlainText,
            };
        }

        internal string? Plain { get; }

        internal byte[]? Html { get; }

        internal byte[]? Rtf { get; }

        internal int? Codepage { get; }

        internal EasBodyType NativeType { get; }

        /// PidTagHtml is in PidTagInternetCodepage (MS-OXCMSG 2.2.1.56.6); Bourse writes UTF-8.
        internal bool HtmlIsUtf8 => Codepage is null or CodepageUtf8 or CodepageAscii;

        internal string? HtmlText()
        {
            if (Html is null)
            {
                return null;
            }

            if (HtmlIsUtf8)
            {
                return Encoding.UTF8.GetString(Html);
            }

            try
            {
                return Encoding.GetEncoding(Codepage!.Value).GetString(Html);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                return Encoding.UTF8.GetString(Html);
            }
        }
    }

    /// Body data as a string or as UTF-8 bytes, with its full size in UTF-8 bytes.
    private readonly struct BodyContent
    {
        private readonly string? _text;
        private readonly byte[]? _utf8;

        private BodyContent(string? text, byte[]? utf8, long size)
        {
            _text = text;
            _utf8 = utf8;
            Size = size;
        }

        internal long Size { get; }

        internal static BodyContent FromText(string text) => new(text, null, Encoding.UTF8.GetByteCount(text));

        internal static BodyContent FromUtf8(byte[] utf8) => new(null, utf8, utf8.Length);

        /// The data to send and whether it was cut: a prefix of at most <paramref name="limit"/> UTF-8 bytes, ending
        /// on a character boundary.
        internal (string Data, bool Truncated) Truncate(long? limit)
        {
            if (limit is not { } max || Size <= max)
            {
                return (_text ?? Encoding.UTF8.GetString(_utf8!), false);
            }

            if (_text is not null)
            {
                var chars = Utf8Text.PrefixLength(_text, max, out _);
                return (_text[..chars], true);
            }

            var n = Utf8Text.BoundaryAtOrBefore(_utf8, (int)Math.Min(max, _utf8!.Length));
            return (Encoding.UTF8.GetString(_utf8, 0, n), true);
        }
    }
}
