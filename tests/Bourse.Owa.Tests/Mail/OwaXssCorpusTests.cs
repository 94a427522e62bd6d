using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Bourse.Owa.Tests.Infrastructure;
using MimeKit;

namespace Bourse.Owa.Tests.Mail;

/// <summary>
/// Stored XSS (issue 5, Security): a corpus of classic payloads delivered as real MIME messages — in the subject, the HTML
/// body, an attachment's name and the sender's display name — then read through the API as the page reads them. Subject,
/// names and file names are JSON strings the page renders as text: they come back as data, unchanged. The HTML body is
/// parsed the way a browser would and must hold no executable construct whatever the image setting.
/// </summary>
public sealed class OwaXssCorpusTests : IAsyncLifetime
{
    public static readonly string[] Payloads =
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java&#0000009script:alert(1)\">x</a>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<p style=\"x:\\65xpression(alert(1))\">x</p>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<img src=\"x\" style=\"behavior:url(x.htc);-moz-binding:url(x.xml#xss)\">",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"https://evil.example/steal\"><input name=p><button formaction=\"javascript:alert(1)\">Go</button></form>",
        "<details open ontoggle=alert(1)>x</details>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<svg><style><img src=x onerror=alert(1)></style></svg>",
        "<style>@import 'https://evil.example/x.css';</style><p>x</p>",
        "<style>p{background:url(javascript:alert(1))}</style><p>x</p>",
        "<scr\0ipt>alert(1)</scr\0ipt><img src=\"java\0script:alert(1)\">",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<body onload=alert(1)>x",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<a href=\"#\" onclick=\"alert(1)\">x</a>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<input autofocus onfocus=alert(1)>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<template><script>alert(1)</script></template>",
        "<a href=\"https://ok.example\" target=\"_self\" onmouseover=\"alert(1)\">ok</a>",
        "\"><script>alert(1)</script>",
        "<img srcset=\"javascript:alert(1) 1x, https://evil.example/a.png 2x\">",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    ];

    private static readonly string[] ForbiddenElements =
    [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "textarea", "select",
        "base", "meta", "link", "svg", "math", "template", "noscript", "video", "audio", "source", "marquee",
    ];

    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void TheCorpusHasTheClassicPayloadsAndTheCheckerCatchesThemUnsanitized()
    {
        Assert.True(Payloads.Length >= 25);
        // The checker has teeth: fed the raw payloads, it finds the executable construct in every one a browser would run
        // (the CDATA one is a comment to an HTML parser, and U+0000 turns the null-byte one into U+FFFD, inert).
        var caught = Payloads.Count(p => Executable(p).Count > 0);
        Assert.True(caught >= Payloads.Length - 2,
            $"only {caught} of {Payloads.Length} raw payloads were flagged; not: {string.Join(" | ", Payloads.Where(p => Executable(p).Count == 0)).Replace("\0", "\\0", StringComparison.Ordinal)}");
    }

    [Fact]
    public async Task NoPayloadSurvivesInTheJsonTheClientReads()
    {
        for (var i = 0; i < Payloads.Length; i++)
            await _server.DeliverAsync("alice", Encoding.UTF8.GetString(Message(i, Payloads[i])));
        using var alice = await _server.SignInAsync();
        var inbox = await MailApi.FolderIdAsync(alice, "inbox");
        var rows = (await MailApi.ListAsync(alice, inbox, "?limit=200")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(Payloads.Length, rows.Length);
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var id = row.GetProperty("id").GetString()!;
            foreach (var images in new[] { "", "?images=allow" })
            {
                using var response = await alice.GetAsync($"/owa/service/messages/{id}{images}");
                var raw = await response.Content.ReadAsStringAsync();
                // JSON is written with HTML-sensitive characters escaped: nothing in it can close a tag if it ever lands in markup.
                Assert.DoesNotContain('<', raw);
                var m = JsonDocument.Parse(raw).RootElement;
                var index = IndexOf(m.GetProperty("bodyText").GetString()!);
                var payload = Payloads[index];
                // Data fields come back as the data that arrived.
                Expect(failures, index, "subject", Plain(payload), Plain(m.GetProperty("subject").GetString()!));
                Expect(failures, index, "list subject", Plain(payload), Plain(row.GetProperty("subject").GetString()!));
                Expect(failures, index, "from name", Plain(payload), Plain(m.GetProperty("from").GetProperty("name").GetString()!));
                var attachment = m.GetProperty("attachments").EnumerateArray().Single();
                Expect(failures, index, "attachment name", StoredFileName(payload + ".txt"), attachment.GetProperty("name").GetString()!);
                foreach (var problem in Executable(m.GetProperty("bodyHtml").GetString()!))
                    failures.Add($"payload {index} ({images}): {problem}");
            }
            // The quoted original in a reply is sanitized too.
            var reply = await MailApi.PostAsync(alice, $"/owa/service/messages/{id}/reply", new { mode = "replyAll" }, System.Net.HttpStatusCode.Created);
            foreach (var problem in Executable(reply.GetProperty("bodyHtml").GetString()!))
                failures.Add($"reply to {row.GetProperty("subject")}: {problem}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task AnXssPayloadAsTheAttachmentTypeIsServedAsADownload()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Eve", "eve@example.com"));
        message.To.Add(new MailboxAddress("Alice", $"alice@{OwaTestServer.Domain}"));
        message.Subject = "Active attachments";
        var builder = new BodyBuilder { TextBody = "see attached" };
        builder.Attachments.Add("page.html", "<script>alert(document.cookie)</script>"u8.ToArray(), new ContentType("text", "html"));
        builder.Attachments.Add("pic.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), new ContentType("image", "svg+xml"));
        builder.Attachments.Add("x.xml", "<x/>"u8.ToArray(), new ContentType("application", "xhtml+xml"));
        builder.Attachments.Add("run.js", "alert(1)"u8.ToArray(), new ContentType("application", "javascript"));
        builder.Attachments.Add("evil\".png", [0x89, 0x50, 0x4E, 0x47], new ContentType("image", "png"));
        message.Body = builder.ToMessageBody();
        using var ms = new MemoryStream();
        await message.WriteToAsync(ms);
        await _server.DeliverAsync("alice", Encoding.UTF8.GetString(ms.ToArray()));
        using var alice = await _server.SignInAsync();
        var id = await MailApi.MessageIdAsync(alice, "inbox", "Active attachments");
        var m = await MailApi.MessageAsync(alice, id);
        foreach (var a in m.GetProperty("attachments").EnumerateArray())
        {
            using var response = await alice.GetAsync($"/owa/service/messages/{id}/attachments/{a.GetProperty("id").GetString()}");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());
            var type = response.Content.Headers.ContentType!.MediaType;
            var disposition = response.Content.Headers.ContentDisposition!;
            if (a.GetProperty("name").GetString()!.EndsWith(".png", StringComparison.Ordinal))
            {
                Assert.Equal("image/png", type);
                Assert.Equal("inline", disposition.DispositionType);
            }
            else
            {
                Assert.Equal("application/octet-stream", type);
                Assert.Equal("attachment", disposition.DispositionType);
            }
            Assert.NotNull(disposition.FileNameStar);
        }
    }

    private static byte[] Message(int index, string payload)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(payload, $"sender{index}@example.com"));
        message.To.Add(new MailboxAddress("Alice", $"alice@{OwaTestServer.Domain}"));
        message.Subject = payload;
        message.MessageId = $"xss{index}@example.com";
        var text = new TextPart("plain") { Text = $"payload #{index}#" };
        var html = new TextPart("html") { Text = payload, ContentTransferEncoding = ContentEncoding.Base64 };
        var file = new MimePart("text", "plain")
        {
            Content = new MimeContent(new MemoryStream("data"u8.ToArray())),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = payload + ".txt",
        };
        message.Body = new Multipart("mixed") { new MultipartAlternative { text, html }, file };
        using var ms = new MemoryStream();
        message.WriteTo(ms);
        return ms.ToArray();
    }

    private static int IndexOf(string bodyText)
    {
        var start = bodyText.IndexOf('#', StringComparison.Ordinal) + 1;
        return int.Parse(bodyText[start..bodyText.IndexOf('#', start)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Expect(List<string> failures, int index, string field, string expected, string actual)
    {
        if (expected != actual)
            failures.Add($"payload {index}: {field} came back as {JsonSerializer.Serialize(actual)}, expected {JsonSerializer.Serialize(expected)}");
    }

    /// <summary>Header text as it travels: control characters (U+0000) cannot be carried by a header, surrounding space is trimmed.</summary>
    private static string Plain(string s) => new string(s.Where(c => !char.IsControl(c)).ToArray()).Trim();

    /// <summary>The store keeps file names safe for file systems (MimeItemMapper): path and reserved characters become '_'.</summary>
    private static string StoredFileName(string name) =>
        new string(name.Trim().Select(c => c is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c) ? '_' : c).ToArray());

    /// <summary>Every construct in <paramref name="html"/> that could run script or load active content, parsed as a browser does.</summary>
    internal static List<string> Executable(string html)
    {
        var problems = new List<string>();
        var document = new HtmlParser().ParseDocument("<!doctype html><html><body>" + html);
        foreach (var element in document.All)
        {
            if (ForbiddenElements.Contains(element.LocalName))
                problems.Add($"<{element.LocalName}> element");
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                if (name.StartsWith("on", StringComparison.Ordinal))
                    problems.Add($"{name} handler on <{element.LocalName}>");
                if (name is "srcdoc" or "formaction" or "action" or "xlink:href" or "data" or "codebase" or "dynsrc" or "lowsrc")
                    problems.Add($"{name} attribute on <{element.LocalName}>");
                if (value.Contains("javascript:", StringComparison.Ordinal) || value.Contains("vbscript:", StringComparison.Ordinal) ||
                    value.Contains("livescript:", StringComparison.Ordinal))
                    problems.Add($"script URL in {name} of <{element.LocalName}>");
                if (value.StartsWith("data:", StringComparison.Ordinal) &&
                    !(element.LocalName == "img" && name == "src" && System.Text.RegularExpressions.Regex.IsMatch(value, "^data:image/(png|gif|jpeg|webp);base64,")))
                    problems.Add($"data: URL in {name} of <{element.LocalName}>");
                if (name == "style" && (value.Contains("expression(", StringComparison.Ordinal) || value.Contains("behavior", StringComparison.Ordinal) ||
                    value.Contains("-moz-binding", StringComparison.Ordinal) || value.Contains("\\", StringComparison.Ordinal)))
                    problems.Add($"active CSS in style of <{element.LocalName}>");
                if (name == "target" && value != "_blank")
                    problems.Add($"target={value} on <{element.LocalName}>");
            }
            if (element.LocalName is "a" or "area" && element.HasAttribute("href") && element.GetAttribute("rel") != "noopener noreferrer")
                problems.Add("link without rel=noopener noreferrer");
            if (element.LocalName == "style")
            {
                var css = element.TextContent.ToLowerInvariant();
                if (css.Contains("@import", StringComparison.Ordinal) || css.Contains("expression(", StringComparison.Ordinal) ||
                    css.Contains("javascript:", StringComparison.Ordinal) || css.Contains("behavior", StringComparison.Ordinal) || css.Contains('<'))
                    problems.Add("active CSS in <style>");
            }
        }
        return problems;
    }
}
