using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Dom;
using Ganss.Xss;

namespace Bourse.Owa.Mail;

/// <summary>
/// The one HTML sanitizer of the mail API (docs/owa-api.md, Messages): HtmlSanitizer configured for mail — tables, inline
/// styles, fonts and sanitized <c>&lt;style&gt;</c> elements survive; scripts, event handlers, frames, objects, forms,
/// <c>&lt;base&gt;</c>, <c>&lt;meta&gt;</c>, <c>@import</c>, CSS expressions and every scheme but http(s)/mailto/tel for links
/// do not. Resources (img src/srcset, background, CSS url()) may only be remote images (when the reader allows them), cid:
/// images (rewritten to the attachment URL) or data:image rasters; links open in a new browsing context without opener.
/// </summary>
internal static partial class OwaMailSanitizer
{
    /// <summary>How one body is to be sanitized.</summary>
    internal sealed class Request
    {
        /// <summary>Remote (http, https, protocol-relative) images are kept; otherwise removed and counted.</summary>
        public bool AllowRemoteImages { get; init; }

        /// <summary>Maps a cid: reference's Content-ID to the URL that shows it; null keeps the cid: URL as it is (a draft).</summary>
        public Func<string, string?>? ResolveContentId { get; init; }

        /// <summary>Remote images removed.</summary>
        public int BlockedImages { get; set; }
    }

    private static readonly HtmlSanitizer Sanitizer = Create();

    // Sanitize runs synchronously on the calling thread, so the per-call state of the shared (configured once) sanitizer's
    // event handlers is kept in a thread-static slot for the duration of the call.
    [ThreadStatic]
    private static Request? t_current;

    private static readonly HashSet<string> LinkSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel" };

    /// <summary>Sanitizes an HTML body; returns the safe fragment (any &lt;style&gt; elements included).</summary>
    public static string Sanitize(string html, Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(html))
            return "";
        // U+0000 never means anything in mail HTML; the parser replaces it anyway, this keeps "java\0script:" from being creative.
        if (html.Contains('\0', StringComparison.Ordinal))
            html = html.Replace("\0", "", StringComparison.Ordinal);
        var previous = t_current;
        t_current = request;
        try
        {
            return Sanitizer.Sanitize(html);
        }
        finally
        {
            t_current = previous;
        }
    }

    /// <summary>A plain-text body as HTML: encoded, line breaks kept, http(s) URLs made links.</summary>
    public static string TextToHtml(string text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var encoded = WebUtility.HtmlEncode(text.ReplaceLineEndings("\n"));
        var linked = UrlInEncodedText().Replace(encoded, m =>
        {
            var url = m.Value;
            return $"<a href=\"{url}\" target=\"_blank\" rel=\"noopener noreferrer\">{url}</a>";
        });
        return "<div style=\"white-space:pre-wrap\">" + linked + "</div>";
    }

    // In encoded text '<', '>' and '"' are entities, so a URL ends at white space or '&lt;'/'&gt;'/'&quot;'.
    [GeneratedRegex(@"\bhttps?://(?:(?!&lt;|&gt;|&quot;|&#39;)[^\s])+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlInEncodedText();

    private static HtmlSanitizer Create()
    {
        var s = new HtmlSanitizer();
        // Forms and their controls: a message must not be able to post the reader's input anywhere.
        foreach (var tag in new[] { "form", "input", "button", "select", "option", "optgroup", "textarea", "keygen", "datalist", "output",
                     "menuitem", "label", "fieldset", "legend", "html", "head", "body" })
            s.AllowedTags.Remove(tag);
        s.AllowedTags.Add("style");
        // Mail's own formatting: font faces, table backgrounds (a URL, vetted below like any image) and responsive images.
        s.AllowedAttributes.Add("face");
        s.AllowedAttributes.Add("background");
        s.AllowedAttributes.Add("srcset");
        foreach (var attribute in new[] { "action", "method", "enctype", "accept", "accept-charset", "novalidate", "formaction", "autocomplete",
                     "autosave", "contenteditable", "draggable", "dropzone", "tabindex", "accesskey", "name", "usemap", "ismap", "for",
                     "pattern", "placeholder", "required", "checked", "selected", "value", "readonly", "disabled", "challenge", "keytype",
                     "list", "radiogroup", "prompt", "longdesc", "cite" })
            s.AllowedAttributes.Remove(attribute);
        // Positioning would let a message lay itself over the page around it.
        foreach (var property in new[] { "position", "z-index", "content", "pointer-events", "cursor" })
            s.AllowedCssProperties.Remove(property);
        s.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto", "tel" })
            s.AllowedSchemes.Add(scheme);
        // Style rules and @media; never @import, @font-face (remote fonts), @namespace or the rest.
        s.AllowedAtRules.Clear();
        s.AllowedAtRules.Add(CssRuleType.Style);
        s.AllowedAtRules.Add(CssRuleType.Media);
        s.AllowDataAttributes = false;
        s.KeepChildNodes = false;
        s.FilterUrl += OnFilterUrl;
        s.PostProcessNode += OnPostProcessNode;
        return s;
    }

    private static void OnFilterUrl(object? sender, FilterUrlEventArgs e)
    {
        var request = t_current;
        var original = (e.OriginalUrl ?? "").Trim();
        if (IsLink(e.Tag, e.OriginalUrl))
        {
            // A link: only absolute http(s), mailto and tel URLs (the sanitizer has vetted the scheme).
            e.SanitizedUrl = e.SanitizedUrl is { } url && SchemeOf(url) is { } scheme && LinkSchemes.Contains(scheme) ? url : null;
            return;
        }

        // Anything else makes the browser fetch a resource: an image or a style sheet's url().
        if (original.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
        {
            var contentId = original[4..].Trim().Trim('<', '>');
            try
            {
                contentId = Uri.UnescapeDataString(contentId);
            }
            catch (UriFormatException)
            {
            }
            var resolver = request?.ResolveContentId;
            if (resolver is null)
            {
                e.SanitizedUrl = contentId.Length > 0 && contentId.All(c => c > ' ' && c < 0x7F && c is not ('"' or '\'' or '<' or '>' or '(' or ')' or '\\'))
                    ? "cid:" + contentId
                    : null;
                return;
            }
            e.SanitizedUrl = resolver(contentId);
            return;
        }
        if (IsImageTag(e.Tag) && IsRasterDataImage(original))
        {
            e.SanitizedUrl = original;
            return;
        }
        var remote = e.SanitizedUrl is { } safe && (SchemeOf(safe) is "http" or "https" || safe.StartsWith("//", StringComparison.Ordinal));
        if (!remote)
        {
            // A relative URL would load from this server; other schemes were already refused.
            e.SanitizedUrl = null;
            return;
        }
        if (request is not { AllowRemoteImages: true })
        {
            if (request is not null)
                request.BlockedImages++;
            e.SanitizedUrl = null;
        }
    }

    private static void OnPostProcessNode(object? sender, PostProcessNodeEventArgs e)
    {
        if (e.Node is not IElement element)
            return;
        if (element.LocalName is "a" or "area")
        {
            if (element.HasAttribute("href"))
            {
                element.SetAttribute("target", "_blank");
                element.SetAttribute("rel", "noopener noreferrer");
            }
            else
            {
                element.RemoveAttribute("target");
            }
        }
        else if (element.HasAttribute("target"))
        {
            element.RemoveAttribute("target");
        }
    }

    private static bool IsLink(IElement tag, string? url) =>
        tag.LocalName is "a" or "area" && tag.GetAttribute("href") is { } href && string.Equals(href, url, StringComparison.Ordinal);

    private static bool IsImageTag(IElement tag) => tag.LocalName is "img";

    private static bool IsRasterDataImage(string url)
    {
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            return false;
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
            return false;
        var meta = url[5..comma].ToLowerInvariant();
        return meta is "image/png;base64" or "image/gif;base64" or "image/jpeg;base64" or "image/jpg;base64" or "image/webp;base64" or "image/bmp;base64"
            && url.AsSpan(comma + 1).IndexOfAnyExcept(Base64Chars) < 0;
    }

    private static readonly System.Buffers.SearchValues<char> Base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    private static string? SchemeOf(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            return null;
        var scheme = url[..colon];
        return scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') ? scheme.ToLowerInvariant() : null;
    }
}
