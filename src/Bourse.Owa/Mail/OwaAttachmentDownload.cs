using System.Globalization;
using Bourse.Owa.Api;
using Bourse.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Bourse.Owa.Mail;

/// <summary>
/// <c>GET /owa/service/messages/{id}/attachments/{attId}</c>: an attachment's bytes, served so that they can never run as
/// part of this site: <c>X-Content-Type-Options: nosniff</c>, <c>Content-Security-Policy: sandbox</c>, active types
/// (HTML, SVG, XML, script) as <c>application/octet-stream</c> downloads, and only raster images and PDF shown inline.
/// </summary>
internal static class OwaAttachmentDownload
{
    private static readonly HashSet<string> InlineTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "application/pdf",
    };

    public static async Task<IResult> GetAsync(HttpContext context, string id, string attId)
    {
        if (OwaCaller.MailboxOf(context) is not { } mailbox)
            return OwaErrors.NoMailbox();
        var store = context.RequestServices.GetRequiredService<IMailStore>();
        var ct = context.RequestAborted;
        if (!OwaIds.TryItem(mailbox, id, out var itemId) || !int.TryParse(attId, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return OwaErrors.NotFound();
        if (await store.GetItemAsync(mailbox, itemId, ct) is not { } item || item.Attachments.FirstOrDefault(a => a.Number == number) is not { } attachment)
            return OwaErrors.NotFound();
        var download = (string?)context.Request.Query["download"] is "1" or "true";
        var stream = await store.OpenAttachmentAsync(mailbox, itemId, number, ct);
        if (stream is null)
            return OwaErrors.NotFound();
        return new AttachmentResult(stream, SafeContentType(attachment.ContentType, out var inlineOk), attachment.FileName, download || !inlineOk);
    }

    /// <summary>The type to send: the stored one when it is a well-formed type that cannot run in a browser, else octet-stream.</summary>
    internal static string SafeContentType(string stored, out bool inline)
    {
        inline = false;
        if (!MediaTypeHeaderValue.TryParse(stored, out var parsed) || parsed.MediaType.Value is not { } type || type.Contains('*', StringComparison.Ordinal))
            return "application/octet-stream";
        type = type.ToLowerInvariant();
        if (InlineTypes.Contains(type))
        {
            inline = true;
            return type;
        }
        var dangerous = type.Contains("html", StringComparison.Ordinal) || type.Contains("svg", StringComparison.Ordinal) ||
            type.Contains("xml", StringComparison.Ordinal) || type.Contains("script", StringComparison.Ordinal) ||
            type is "text/css" or "application/x-shockwave-flash" or "text/cache-manifest" or "text/vtt" or "multipart/x-mixed-replace";
        return dangerous ? "application/octet-stream" : type;
    }

    private sealed class AttachmentResult(Stream content, string contentType, string fileName, bool asAttachment) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using var _ = content;
            var response = httpContext.Response;
            var headers = response.Headers;
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            response.ContentType = contentType;
            // RFC 6266 4.3: filename* (RFC 8187, UTF-8) for the real name, filename as an ASCII fallback.
            var disposition = new ContentDispositionHeaderValue(asAttachment ? "attachment" : "inline");
            disposition.SetHttpFileName(CleanName(fileName));
            headers.ContentDisposition = disposition.ToString();
            if (content.CanSeek)
                response.ContentLength = content.Length - content.Position;
            await content.CopyToAsync(response.Body, httpContext.RequestAborted);
        }

        private static string CleanName(string name)
        {
            var chars = name.Select(c => char.IsControl(c) || c is '/' or '\\' ? '_' : c).ToArray();
            var clean = new string(chars).Trim();
            return clean.Length == 0 ? "attachment" : clean.Length > 255 ? clean[..255] : clean;
        }
    }
}
