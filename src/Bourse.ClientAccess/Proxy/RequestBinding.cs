using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Proxy;

/// <summary>The part of a request the forwarded identity is bound to, computed the same way on both ends.</summary>
internal static class RequestBinding
{
    // The canonical path (the front end forwards exactly that) and the query decoded once, so an HTTP client that
    // re-escapes a query character on the way does not break the binding.
    public static string PathAndQuery(HttpRequest request)
    {
        var query = request.QueryString.Value;
        return (request.Path.Value ?? "/") + (string.IsNullOrEmpty(query) ? string.Empty : Unescape(query));
    }

    private static string Unescape(string query)
    {
        try
        {
            return Uri.UnescapeDataString(query);
        }
        catch (UriFormatException)
        {
            return query;
        }
    }
}
