using Bourse.Owa.Mail;

namespace Bourse.Owa.Tests.Mail;

/// <summary>The mail sanitizer's own rules, one input at a time (the XSS corpus covers the attacks end to end).</summary>
public sealed class OwaMailSanitizerTests
{
    private static string Clean(string html, bool images = false, Func<string, string?>? cid = null) =>
        OwaMailSanitizer.Sanitize(html, new OwaMailSanitizer.Request { AllowRemoteImages = images, ResolveContentId = cid });

    [Theory]
    [InlineData("<table border=\"1\" cellpadding=\"2\"><tbody><tr><td bgcolor=\"#ff0000\" align=\"center\">x</td></tr></tbody></table>")]
    [InlineData("<font face=\"Arial\" color=\"#333\" size=\"2\">x</font>")]
    [InlineData("<p style=\"color: rgba(255, 0, 0, 1); font-size: 12px\">x</p>")]
    [InlineData("<a href=\"mailto:bob@example.com\" target=\"_blank\" rel=\"noopener noreferrer\">bob</a>")]
    [InlineData("<a href=\"tel:+33123456789\" target=\"_blank\" rel=\"noopener noreferrer\">call</a>")]
    [InlineData("<img src=\"data:image/png;base64,iVBORw0KGgo=\">")]
    public void MailFormattingSurvives(string html) => Assert.Equal(html, Clean(html));

    [Theory]
    [InlineData("<a href=\"/owa/service/folders\">x</a>", "<a>x</a>")]
    [InlineData("<a href=\"ftp://example.com/x\">x</a>", "<a>x</a>")]
    [InlineData("<img src=\"/owa/service/session\">", "<img>")]
    [InlineData("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", "<img>")]
    [InlineData("<a href=\"data:image/png;base64,iVBORw0KGgo=\">x</a>", "<a>x</a>")]
    [InlineData("<p style=\"position: fixed; top: 0; color: red\">x</p>", "<p style=\"top: 0; color: rgba(255, 0, 0, 1)\">x</p>")]
    [InlineData("<p class=\"app-header\" id=\"root\">x</p>", "<p>x</p>")]
    [InlineData("<p target=\"_top\">x</p>", "<p>x</p>")]
    public void WhatCouldReachThisSiteOrItsPageIsRemoved(string html, string expected) => Assert.Equal(expected, Clean(html));

    [Fact]
    public void StyleElementsKeepRulesAndMediaButNotImports()
    {
        var html = Clean("<style>@import url(https://evil.example/a.css); @media (max-width: 600px) { p { color: red } } p { margin: 0 }</style><p>x</p>");
        Assert.DoesNotContain("@import", html);
        Assert.Contains("@media", html);
        Assert.Contains("margin: 0", html);
    }

    [Fact]
    public void RemoteImagesAreCountedAndRemovedUnlessAllowed()
    {
        var request = new OwaMailSanitizer.Request();
        var html = OwaMailSanitizer.Sanitize("<img src=\"https://a.example/1.png\"><img srcset=\"https://a.example/2.png 2x\">" +
            "<table><tr><td background=\"http://a.example/bg.png\">x</td></tr></table><a href=\"https://a.example/\">link</a>", request);
        Assert.Equal(3, request.BlockedImages);
        Assert.DoesNotContain("1.png", html);
        Assert.DoesNotContain("bg.png", html);
        Assert.Contains("href=\"https://a.example/\"", html);
        Assert.Contains("https://a.example/1.png", Clean("<img src=\"https://a.example/1.png\">", images: true));
    }

    [Fact]
    public void CidImagesAreResolvedOrKept()
    {
        Assert.Equal("<img src=\"/owa/service/messages/X/attachments/2\">", Clean("<img src=\"cid:part1@x\">", cid: id => id == "part1@x" ? "/owa/service/messages/X/attachments/2" : null));
        Assert.Equal("<img>", Clean("<img src=\"cid:unknown@x\">", cid: _ => null));
        // A draft keeps its cid: references for the MIME built at send.
        Assert.Equal("<img src=\"cid:part1@x\">", Clean("<img src=\"cid:part1@x\">"));
        Assert.Equal("<img>", Clean("<img src=\"cid:a&quot;onerror=&quot;x\">"));
    }

    [Fact]
    public void PlainTextBecomesEncodedHtmlWithLinks()
    {
        var html = OwaMailSanitizer.TextToHtml("<script>x</script>\nsee https://example.com/a?b=1&c=2.");
        Assert.StartsWith("<div style=\"white-space:pre-wrap\">&lt;script&gt;x&lt;/script&gt;\nsee <a href=\"https://example.com/a?b=1&amp;c=2.\"", html);
    }
}
