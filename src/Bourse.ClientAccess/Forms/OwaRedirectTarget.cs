using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Forms;

/// <summary>
/// Where a sign-in may send the browser afterwards: only to an /owa path of this site. Exchange takes the target from
/// the <c>url</c> query and the <c>destination</c> form field; anything else — another host, a scheme-relative
/// <c>//host</c>, a backslash that browsers read as a slash, dot segments that climb out of /owa, control characters
/// that could split the Location header — falls back to <c>/owa/</c>.
/// </summary>
internal static class OwaRedirectTarget
{
    private const int MaxLength = 2048;

    public static string Resolve(string? value, HttpRequest request)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return OwaFormsDefaults.DefaultDestination;
        }
        foreach (var c in value)
        {
            if (c < 0x20 || c == 0x7f || c == '\\' || char.IsWhiteSpace(c))
            {
                return OwaFormsDefaults.DefaultDestination;
            }
        }
        var candidate = value;
        if (!candidate.StartsWith('/'))
        {
            // An absolute URL is accepted only for this very origin (Exchange's logon.aspx passes full URLs).
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var absolute) ||
                !string.Equals(absolute.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase) ||
                !string.Equals(absolute.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) ||
                !string.IsNullOrEmpty(absolute.UserInfo))
            {
                return OwaFormsDefaults.DefaultDestination;
            }
            candidate = absolute.PathAndQuery;
        }
        if (candidate.StartsWith("//", StringComparison.Ordinal))
        {
            return OwaFormsDefaults.DefaultDestination;
        }
        var end = candidate.AsSpan().IndexOfAny('?', '#');
        var path = end < 0 ? candidate : candidate[..end];
        if (!path.Equals("/owa", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("/owa/", StringComparison.OrdinalIgnoreCase))
        {
            return OwaFormsDefaults.DefaultDestination;
        }
        foreach (var segment in path.Split('/'))
        {
            string decoded;
            try
            {
                decoded = Uri.UnescapeDataString(segment);
            }
            catch (UriFormatException)
            {
                return OwaFormsDefaults.DefaultDestination;
            }
            if (decoded is "." or ".." || decoded.Contains('/') || decoded.Contains('\\'))
            {
                return OwaFormsDefaults.DefaultDestination;
            }
        }
        // Never back to the sign-in machinery itself.
        if (path.Equals(OwaFormsDefaults.LogonPath, StringComparison.OrdinalIgnoreCase) ||
            path.Equals(OwaFormsDefaults.FormTargetPath, StringComparison.OrdinalIgnoreCase) ||
            path.Equals(OwaFormsDefaults.LogoffPath, StringComparison.OrdinalIgnoreCase))
        {
            return OwaFormsDefaults.DefaultDestination;
        }
        // Cookie paths match case-sensitively (RFC 6265 5.1.4): /OWA/ would not carry the Path=/owa session cookie and
        // would loop back to the sign-in page.
        return "/owa" + candidate[4..];
    }
}
