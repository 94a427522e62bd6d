using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Bourse.ClientAccess.Proxy;

/// <summary>
/// Shapes the request a front end sends to a back end: the canonical path and the client's query, the client's headers
/// less credentials, forwarding and Exchange routing headers and cookies, and the signed identity.
/// </summary>
internal sealed class BackendRequestTransformer(BackendIdentitySigner signer) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        foreach (var name in ProxyHeaders.StrippedRequestHeaders)
        {
            proxyRequest.Headers.Remove(name);
        }
        // The destination's authority, never the client's Host (RFC 9110 7.2).
        proxyRequest.Headers.Host = null;
        if (proxyRequest.Headers.TryGetValues("Cookie", out var cookies))
        {
            var kept = CookieFilter.Strip(cookies, ProxyHeaders.StrippedCookies);
            proxyRequest.Headers.Remove("Cookie");
            if (kept.Length > 0)
            {
                proxyRequest.Headers.TryAddWithoutValidation("Cookie", kept);
            }
        }
        var user = httpContext.User;
        var identity = signer.Issue(user.GetMailboxId()!.Value, user.GetAuthMethod() ?? "Unknown", httpContext.Connection.RemoteIpAddress);
        var header = signer.Sign(identity, httpContext.Request.Method, RequestBinding.PathAndQuery(httpContext.Request))
            ?? throw new InvalidOperationException("No shared secret configured for the forwarded identity.");
        proxyRequest.Headers.TryAddWithoutValidation(ProxyHeaders.Identity, header);
    }
}
