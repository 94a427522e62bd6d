using Bourse.ClientAccess.Auth;
using Bourse.ClientAccess.Routing;
using Bourse.Directory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Proxy;

/// <summary>
/// Second stage, before authentication: a request carrying a forwarded identity is either vouched for by a front end
/// (valid MAC, fresh, bound to this request) and runs as that user, or it is refused with 403. It is never ignored
/// and passed on: a client that forges the header learns nothing and reaches nothing.
/// </summary>
internal sealed class BackendIdentityMiddleware(
    RequestDelegate next,
    BackendIdentitySigner signer,
    IDirectory directory,
    IOptionsMonitor<ClientAccessOptions> options,
    ILogger<BackendIdentityMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var values = context.Request.Headers[ProxyHeaders.Identity];
        if (values.Count == 0)
        {
            await next(context);
            return;
        }
        var (error, user, identity) = await VerifyAsync(context, values);
        if (error != BackendIdentityError.None)
        {
            ProxyLog.IdentityRefused(logger, (int)error, error, context.Connection.RemoteIpAddress?.ToString());
            await RouteRejectionResponder.WriteAsync(context, RouteRejection.ForgedIdentity);
            return;
        }
        // Handlers never see the header; they see the user it vouched for, built exactly as a sign-in builds it.
        context.Request.Headers.Remove(ProxyHeaders.Identity);
        context.User = BoursePrincipalFactory.Create(user!, identity!.AuthMethod);
        if (identity.ClientAddress is { } client && System.Net.IPAddress.TryParse(client, out var address))
        {
            context.Connection.RemoteIpAddress = address;
        }
        if (context.GetClientAccessRoute() is { } route)
        {
            route.ViaFrontend = true;
        }
        await next(context);
    }

    private async ValueTask<(BackendIdentityError, DirectoryUser?, BackendIdentity?)> VerifyAsync(HttpContext context, Microsoft.Extensions.Primitives.StringValues values)
    {
        // A front end only ever receives this header from a client, and it must never cross plain HTTP.
        if (options.CurrentValue.Role == ClientAccessRole.Frontend || !context.Request.IsHttps)
        {
            return (BackendIdentityError.NotAccepted, null, null);
        }
        if (values.Count != 1 || values[0] is not { } header)
        {
            return (BackendIdentityError.Duplicate, null, null);
        }
        var error = signer.Verify(header, context.Request.Method, RequestBinding.PathAndQuery(context.Request), out var identity);
        if (error != BackendIdentityError.None)
        {
            return (error, null, null);
        }
        var user = await directory.GetUserAsync(identity!.Mailbox, context.RequestAborted);
        return user is { Enabled: true } ? (BackendIdentityError.None, user, identity) : (BackendIdentityError.UnknownUser, null, null);
    }
}
