using System.Text;
using Bourse.Core.Properties;

namespace Bourse.Mailbox.Tests.Mime;

/// <summary>Bad input must still become an item: the mapper never throws and keeps what it could read.</summary>
public sealed class MimeItemMapperUglyInputTests
{
    public static TheoryData<string, byte[], string?> Corpus()
    {
        var rnd = new Random(1234);
        var binary = new byte[4096];
        rnd.NextBytes(binary);
        var deep = new StringBuilder("Subject: deep\r\n");
        for (var i = 0; i < 300; i++)
            deep.Append("Content-Type: multipart/mixed; boundary=\"b").Append(i).Append("\"\r\n\r\n--b").Append(i).Append("\r\n");
        deep.Append("Content-Type: text/plain\r\n\r\nbottom\r\n");

        return new TheoryData<string, byte[], string?>
        {
            { "empty", [], null },
            { "one byte", "x"u8.ToArray(), null },
            { "random binary", binary, null },
            { "nul bytes", new byte[512], null },
            { "only headers, no newline", Encoding.ASCII.GetBytes("Subject: just headers"), "just headers" },
            { "only headers", TestMime.Crlf("From: a@example.org\nSubject: no body\n"), "no body" },
            { "truncated header", Encoding.ASCII.GetBytes("Subject: cut\r\nFrom: a@exa"), "cut" },
            { "truncated mid-encoded-word", Encoding.ASCII.GetBytes("Subject: =?utf-8?B?w4ls"), null },
            { "8-bit utf-8 subject", TestMime.Crlf("Subject: Grüße aus Köln\n\nx\n"), "Grüße aus Köln" },
            { "8-bit latin-1 subject", TestMime.Latin1Crlf("Subject: Grüße aus Köln\n\nx\n"), "Grüße aus Köln" },
            { "bad encoded word", TestMime.Crlf("Subject: =?utf-8?B?!!!***?= tail\n\nx\n"), null },
            { "unknown charset encoded word", TestMime.Crlf("Subject: =?x-klingon?Q?tlhIngan?=\n\nx\n"), null },
            { "unknown body charset", TestMime.Crlf("Subject: cs\nContent-Type: text/plain; charset=x-unknown-42\n\nhello\n"), "cs" },
            { "bad base64 body", TestMime.Crlf("Subject: b64\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n@@@not base64!!!\n"), "b64" },
            { "bad quoted-printable", TestMime.Crlf("Subject: qp\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=\n=4\n"), "qp" },
            { "multipart without boundary", TestMime.Crlf("Subject: mp\nContent-Type: multipart/mixed\n\n--x\n\nbody\n"), "mp" },
            { "multipart never closed", TestMime.Crlf("Subject: open\nContent-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n\nhi\n--q\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBOR"), "open" },
            { "deep nesting", Encoding.ASCII.GetBytes(deep.ToString()), "deep" },
            { "header without colon", TestMime.Crlf("This is not a header\nSubject: after junk\n\nx\n"), null },
            { "huge header line", Encoding.ASCII.GetBytes("X-Long: " + new string('a', 200_000) + "\r\nSubject: long\r\n\r\nx"), "long" },
            { "bad date", TestMime.Crlf("Subject: d\nDate: yesterday-ish\n\nx\n"), "d" },
            { "ancient date", TestMime.Crlf("Subject: old\nDate: Mon, 1 Jan 0001 00:00:00 +0000\n\nx\n"), "old" },
            { "garbage addresses", TestMime.Crlf("Subject: addr\nFrom: <<<@@>>>\nTo: ,,,;;;\"unterminated\nCc: @\n\nx\n"), "addr" },
            { "garbage content-type", TestMime.Crlf("Subject: ct\nContent-Type: ;;;===\"\n\nx\n"), "ct" },
            { "bare CR line ends", Encoding.ASCII.GetBytes("Subject: cr\rFrom: a@b\r\rbody\r"), null },
            { "mbox From line", TestMime.Crlf("From alice@example.org Mon Jan  1 00:00:00 2024\nSubject: mbox\n\nx\n"), null },
            { "utf-16 text", Encoding.Unicode.GetBytes("Subject: wide\r\n\r\nbody"), null },
            { "report without parts", TestMime.Crlf("Subject: r\nContent-Type: multipart/report; report-type=delivery-status; boundary=z\n\n--z--\n"), "r" },
            { "signed without parts", TestMime.Crlf("Subject: s\nContent-Type: multipart/signed; boundary=z\n\n"), "s" },
            { "pkcs7 empty", TestMime.Crlf("Subject: p\nContent-Type: application/pkcs7-mime\n\n"), "p" },
            { "message/rfc822 empty", TestMime.Crlf("Subject: m\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: message/rfc822\n\n--z--\n"), "m" },
        };
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void UglyInputStillBecomesAnItem(string name, byte[] mime, string? expectedSubject)
    {
        var item = MimeItemMapper.Map(mime);
        var p = item.Properties;
        Assert.False(string.IsNullOrEmpty(p.GetString(PropTags.MessageClass)), name);
        Assert.Equal(mime.Length, p.GetInt32(PropTags.MessageSize));
        Assert.NotNull(p.GetInt32(PropTags.MessageFlags));
        Assert.True(item.Mime.Span.SequenceEqual(mime), name);
        if (expectedSubject is not null)
            Assert.Equal(expectedSubject, p.GetString(PropTags.Subject));
        if (item.SearchText is not null)
            Assert.True(item.SearchText.Length <= 64 * 1024);
    }

    [Fact]
    public void EveryPrefixOfARichMessageMaps()
    {
        var mime = TestMime.Crlf($"""
            From: =?utf-8?q?J=C3=B6rg?= <joerg@example.org>
            To: a@example.com
            Subject: =?utf-8?B?w4lsw6h2ZQ==?=
            Content-Type: multipart/mixed; boundary="m"

            --m
            Content-Type: multipart/alternative; boundary="a"

            --a
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            caf=C3=A9
            --a
            Content-Type: text/html

            <p>café</p>
            --a--
            --m
            Content-Type: image/png; name="x.png"
            Content-Transfer-Encoding: base64

            {TestMime.PngBase64}
            --m--
            """);
        for (var n = 0; n <= mime.Length; n++)
        {
            var prefix = mime.AsMemory(0, n);
            var item = MimeItemMapper.Map(prefix);
            Assert.Equal(n, item.Properties.GetInt32(PropTags.MessageSize));
            Assert.Equal(n, item.Mime.Length);
        }
        Assert.Equal("Élève", MimeItemMapper.Map(mime).Properties.GetString(PropTags.Subject));
    }

    [Fact]
    public void RandomMutationsNeverThrow()
    {
        var seed = TestMime.Crlf("""
            Subject: =?iso-8859-1?q?mutate_me?=
            Content-Type: multipart/related; boundary="r"; start="<root>"

            --r
            Content-Type: text/html; charset=utf-8
            Content-ID: <root>

            <img src="cid:p">
            --r
            Content-Type: image/gif; name*=utf-8''%E2%82%AC.gif
            Content-ID: <p>
            Content-Transfer-Encoding: base64

            R0lGODlhAQABAAAAACw=
            --r--
            """);
        var rnd = new Random(42);
        for (var i = 0; i < 400; i++)
        {
            var copy = (byte[])seed.Clone();
            var edits = rnd.Next(1, 8);
            for (var e = 0; e < edits; e++)
                copy[rnd.Next(copy.Length)] = (byte)rnd.Next(256);
            var item = MimeItemMapper.Map(copy);
            Assert.Equal(copy.Length, item.Properties.GetInt32(PropTags.MessageSize));
        }
    }

    [Fact]
    public void SearchTextIsBounded()
    {
        var big = "Subject: big\r\n\r\n" + string.Concat(Enumerable.Repeat("word ", 40_000));
        var item = MimeItemMapper.Map(Encoding.ASCII.GetBytes(big));
        Assert.Equal(64 * 1024, item.SearchText!.Length);
        Assert.Equal(200_000, item.Properties.GetString(PropTags.Body)!.Length);
    }
}
