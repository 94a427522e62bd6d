using System.Text;
using Bourse.Core.Properties;
using MimeKit;

namespace Bourse.Mailbox.Tests.Mime;

/// <summary>
/// Text parts that need no decoding are read straight from the message bytes. That shortcut must give exactly what MimeKit's
/// decoding gives, and must decline every part where the two could differ.
/// </summary>
public sealed class MimeItemMapperRawTextTests
{
    private static byte[] Bytes(string headers, string body, Encoding? bodyEncoding = null) =>
        [.. Encoding.ASCII.GetBytes(headers.ReplaceLineEndings("\r\n") + "\r\n"), .. (bodyEncoding ?? Encoding.UTF8).GetBytes(body)];

    /// <summary>Every text part of the message with what the shortcut made of it (null: declined).</summary>
    private static List<(TextPart Part, string? Raw)> Parts(byte[] mime)
    {
        // Not disposed: a persistent parse reads the parts' content from this stream later.
        var stream = new MemoryStream(mime, writable: false);
        var message = new MimeParser(stream, MimeFormat.Entity, persistent: true).ParseMessage();
        return message.BodyParts.OfType<TextPart>().Select(p => (p, MimeItemMapper.RawText(p, mime))).ToList();
    }

    public static TheoryData<string, string, string, bool> Messages() => new()
    {
        { "utf-8 8bit, CRLF", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", "Grüße aus Köln — 日本語\r\nzweite Zeile\r\n", true },
        { "utf-8, bare LF", "Content-Type: text/plain; charset=\"UTF-8\"\n", "one\ntwo\nthree é\n", true },
        { "no charset, ASCII", "Content-Type: text/plain\n", "plain ascii\r\nbody\r\n", true },
        { "no content type", "Subject: x\n", "plain ascii body\r\n", true },
        { "latin-1 label, ASCII bytes", "Content-Type: text/plain; charset=iso-8859-1\n", "ascii only\r\n", true },
        { "latin-1 bytes", "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n", "café\r\n", false },
        { "utf-7 ASCII bytes", "Content-Type: text/plain; charset=utf-7\n", "Hi Mom -+Jjo--!\r\n", false },
        { "iso-2022-jp escapes", "Content-Type: text/plain; charset=iso-2022-jp\n", "\u001b$B$3$s$K$A$O\u001b(B\r\n", false },
        { "quoted-printable", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n", "caf=C3=A9 soft=\r\nbreak\r\n", false },
        { "base64", "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n", "Y2Fmw6k=\r\n", false },
        { "utf-8 label, invalid bytes", "Content-Type: text/plain; charset=utf-8\n", "caf\u00e9\r\n", false },
        { "byte order mark", "Content-Type: text/plain; charset=utf-8\n", "\uFEFFwith a BOM\r\n", false },
        { "bare CR", "Content-Type: text/plain; charset=utf-8\n", "one\rtwo\r\n", false },
        { "format=flowed", "Content-Type: text/plain; charset=utf-8; format=flowed\n", "soft \r\nwrapped\r\n", false },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void TheShortcutEqualsMimeKitsDecodingOrDeclines(string name, string headers, string body, bool eligible)
    {
        // "utf-8 label, invalid bytes" writes Latin-1 bytes under a utf-8 label.
        var mime = Bytes(headers, body, name.Contains("invalid", StringComparison.Ordinal) ? Encoding.Latin1 : null);
        var (part, raw) = Assert.Single(Parts(mime));
        Assert.Equal(eligible, raw is not null);
        // MimeKit ends lines in LF; the body ends them in CRLF either way.
        if (raw is not null)
            Assert.Equal(part.Text.ReplaceLineEndings("\r\n"), MimeItemMapper.CrLf(raw));

        // Whichever way the text was read, the mapped body is MimeKit's text with CRLF line ends (flowed text unwrapped).
        var mapped = MimeItemMapper.Map(mime).Properties.GetString(PropTags.Body);
        Assert.Equal(name == "format=flowed" ? "soft wrapped\r\n" : part.Text.ReplaceLineEndings("\r\n"), mapped);
    }

    [Fact]
    public void PartsOfAMultipartAreReadWithoutTheirBoundaryLines()
    {
        const string headers = """
            Content-Type: multipart/alternative; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Plain — text
            with two lines

            --b1
            Content-Type: text/html; charset=utf-8

            <p>Plain — <b>text</b></p>
            --b1--
            """;
        var mime = Encoding.UTF8.GetBytes(headers.ReplaceLineEndings("\r\n"));
        var parts = Parts(mime);
        Assert.Equal(2, parts.Count);
        foreach (var (part, raw) in parts)
        {
            Assert.NotNull(raw);
            Assert.Equal(part.Text.ReplaceLineEndings("\r\n"), MimeItemMapper.CrLf(raw));
        }
        var item = MimeItemMapper.Map(mime);
        Assert.Equal(parts[0].Part.Text.ReplaceLineEndings("\r\n"), item.Properties.GetString(PropTags.Body));
        Assert.Equal(Encoding.UTF8.GetBytes(parts[1].Part.Text), item.Properties.GetBinary(PropTags.Html));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no breaks at all")]
    [InlineData("crlf\r\nonly\r\n")]
    [InlineData("bare\nlf")]
    [InlineData("bare\rcr")]
    [InlineData("crlf\r\nthen lf\n")]
    [InlineData("trailing cr\r")]
    [InlineData("form\ffeed")]
    [InlineData("nel\u0085ls\u2028ps\u2029end")]
    [InlineData("\r\n\r\n\n\r")]
    public void LineEndsAreNormalisedAsReplaceLineEndingsDoes(string text)
    {
        var result = MimeItemMapper.CrLf(text);
        Assert.Equal(text.ReplaceLineEndings("\r\n"), result);
        // Already normalised text is returned as it is, without a copy.
        if (text == text.ReplaceLineEndings("\r\n"))
            Assert.Same(text, result);
    }

    [Theory]
    [InlineData("crlf only — ünïcödé\r\nsecond line\r\n", true)]
    [InlineData("no line break at all, but long enough to matter", true)]
    [InlineData("bare\nlf\n", false)]
    [InlineData("crlf\r\nthen lf\n", false)]
    [InlineData("form\ffeed\r\n", false)]
    [InlineData("next line\u0085here\r\n", false)]
    [InlineData("line\u2028separator\r\n", false)]
    [InlineData("paragraph\u2029separator\r\n", false)]
    [InlineData("a continuation byte 0x85 inside \u0145 and \u2085 is no break\r\n", true)]
    public void ABodyIsKeptAsTheMessageBytesOnlyWhenItsTextIsExactlyThem(string body, bool keptAsBytes)
    {
        var mime = Bytes("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n", body);
        var (part, _) = Assert.Single(Parts(mime));
        var item = MimeItemMapper.Map(mime);

        // Either way the body reads as MimeKit's text with CRLF line ends.
        Assert.Equal(part.Text.ReplaceLineEndings("\r\n"), item.Properties.GetString(PropTags.Body));
        Assert.True(item.Properties.TryGet(PropTags.Body, out var value));
        Assert.Equal(keptAsBytes, value.TryGetUtf8(out var bytes));
        if (keptAsBytes)
        {
            // The very bytes of the message (no copy), and the store indexes the body itself.
            Assert.True(mime.AsSpan().Overlaps(bytes.Span, out var offset));
            Assert.Equal(Encoding.UTF8.GetBytes(body), bytes.ToArray());
            Assert.Equal(mime.Length - bytes.Length, offset);
            Assert.Null(item.SearchText);
        }
        else
        {
            Assert.Equal(item.Properties.GetString(PropTags.Body), item.SearchText);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("crlf\r\nonly\r\n")]
    [InlineData("bare\nlf")]
    [InlineData("bare\rcr")]
    [InlineData("trailing cr\r")]
    [InlineData("form\ffeed")]
    [InlineData("nel\u0085")]
    [InlineData("ls\u2028")]
    [InlineData("ps\u2029")]
    [InlineData("\u0145\u2085\u2128 look like breaks byte by byte")]
    public void TheByteCheckAgreesWithTheStringNormalisation(string text)
    {
        // OnlyCrLfBreaks on the UTF-8 bytes is true exactly when CrLf would leave the string as it is.
        Assert.Equal(ReferenceEquals(MimeItemMapper.CrLf(text), text), MimeItemMapper.OnlyCrLfBreaks(Encoding.UTF8.GetBytes(text)));
    }
}
