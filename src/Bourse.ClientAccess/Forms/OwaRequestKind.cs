using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Forms;

/// <summary>Tells the OWA script's API calls (which get 440) from page loads (which get the sign-in page).</summary>
internal static class OwaRequestKind
{
    private static readonly string[] ApiPrefixes = ["/owa/service", "/owa/api", "/owa/ev.owa", "/owa/sessiondata.ashx"];

    public static bool IsApi(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return true;
        }
        var path = request.Path.Value ?? string.Empty;
        foreach (var prefix in ApiPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        if (request.Headers.ContainsKey(OwaFormsDefaults.CanaryName) ||
            string.Equals(request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
