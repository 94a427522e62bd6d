using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bourse.ClientAccess.Forms;

/// <summary>
/// The sign-in form: plain HTML, no script, labelled fields with autocomplete hints, the error announced through
/// role="alert". Every value that came from the request is HTML-encoded.
/// </summary>
internal static class OwaLogonPage
{
    // No script at all; inline style only; the form may post only to this origin; never framed (click-jacking).
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static async Task WriteAsync(HttpContext context, int status, string destination, string requestToken, string? username, string? message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        SecurityHeaders(response);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        await response.WriteAsync(Render(destination, requestToken, username, message), context.RequestAborted);
    }

    public static void SecurityHeaders(HttpResponse response)
    {
        response.Headers[HeaderNames.CacheControl] = "no-store";
        response.Headers[HeaderNames.Pragma] = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    public static string Render(string destination, string requestToken, string? username, string? message)
    {
        var html = HtmlEncoder.Default;
        var b = new StringBuilder(2048);
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.Append("<title>Sign in - Outlook</title>\n");
        b.Append("<style>body{font-family:system-ui,sans-serif;margin:0;display:flex;justify-content:center}")
            .Append("main{max-width:22rem;width:100%;padding:2rem 1rem}label{display:block;margin-top:1rem;font-weight:600}")
            .Append("input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem;margin-top:.25rem}")
            .Append("button{margin-top:1.5rem;padding:.6rem 1.5rem;font-size:1rem}")
            .Append(".error{color:#a4262c;border-left:4px solid #a4262c;padding-left:.5rem}")
            .Append(":focus-visible{outline:3px solid #0b5cad;outline-offset:2px}</style>\n");
        b.Append("</head>\n<body>\n<main>\n<h1>Outlook</h1>\n");
        if (message is not null)
        {
            b.Append("<p class=\"error\" role=\"alert\" id=\"signin-error\">").Append(html.Encode(message)).Append("</p>\n");
        }
        b.Append("<form method=\"post\" action=\"").Append(OwaFormsDefaults.FormTargetPath).Append("\" autocomplete=\"on\">\n");
        b.Append("<input type=\"hidden\" name=\"").Append(OwaFormsDefaults.FormTokenField).Append("\" value=\"").Append(html.Encode(requestToken)).Append("\">\n");
        b.Append("<input type=\"hidden\" name=\"destination\" value=\"").Append(html.Encode(destination)).Append("\">\n");
        b.Append("<label for=\"username\">Email address or domain\\user name</label>\n");
        b.Append("<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" required");
        b.Append(" maxlength=\"").Append(OwaSignInEndpoints.MaxLoginLength).Append('"');
        if (!string.IsNullOrEmpty(username))
        {
            b.Append(" value=\"").Append(html.Encode(username)).Append('"');
        }
        if (message is not null)
        {
            b.Append(" aria-describedby=\"signin-error\"");
        }
        b.Append(string.IsNullOrEmpty(username) ? " autofocus>\n" : ">\n");
        b.Append("<label for=\"password\">Password</label>\n");
        b.Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required");
        b.Append(" maxlength=\"").Append(OwaSignInEndpoints.MaxPasswordLength).Append('"');
        b.Append(string.IsNullOrEmpty(username) ? ">\n" : " autofocus>\n");
        b.Append("<button type=\"submit\">Sign in</button>\n</form>\n</main>\n</body>\n</html>\n");
        return b.ToString();
    }
}
