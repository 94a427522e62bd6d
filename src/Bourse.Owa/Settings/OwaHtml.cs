using System.Net;
using Ganss.Xss;

namespace Bourse.Owa.Settings;

/// <summary>HTML a user writes for settings (signature, automatic replies), sanitized before it is stored or shown.</summary>
internal static class OwaHtml
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Sanitize(string html) => html.Length == 0 ? "" : Sanitizer.Sanitize(html);

    /// Plain text as HTML: encoded, line breaks kept.
    public static string FromPlainText(string text) =>
        WebUtility.HtmlEncode(text).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static HtmlSanitizer CreateSanitizer()
    {
        // HtmlSanitizer's defaults drop scripts, event handlers, forms, frames and javascript: URLs; remote style sheets too.
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedTags.Remove("option");
        sanitizer.AllowedAtRules.Clear();
        return sanitizer;
    }
}
