using Bourse.ClientAccess.Auth;
using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.Routing;

/// <summary>
/// The request's canonical route, computed once from the raw request target before authentication and stored in
/// <see cref="HttpContext.Features"/>. Later stages (authentication, protocol log, handlers) read it instead of
/// re-parsing the path.
/// </summary>
public sealed class ClientAccessRoute
{
    internal ClientAccessRoute(ClientAccessProtocol protocol, ClientAccessRouteKind kind, PathString path, MailboxTarget? target)
    {
        Protocol = protocol;
        Kind = kind;
        Path = path;
        Target = target;
    }

    /// <summary>The protocol, by path prefix; <see cref="ClientAccessProtocol.Unknown"/> for <c>/</c> and <c>/healthz</c>.</summary>
    public ClientAccessProtocol Protocol { get; }

    /// <summary>Protocol endpoint, health probe or landing page.</summary>
    public ClientAccessRouteKind Kind { get; }

    /// <summary>
    /// The canonical path: decoded once, no dot or empty segments, the protocol prefix in its canonical spelling
    /// (<c>/EWS</c>, <c>/owa</c>, …) and explicit-logon address segments removed. It is also set as <c>Request.Path</c>.
    /// </summary>
    public PathString Path { get; }

    /// <summary>The mailbox an explicit-logon form named, or null (the authenticated user's own mailbox).</summary>
    public MailboxTarget? Target { get; }

    /// <summary>Where the request went; null until mailbox routing has run (after authentication).</summary>
    public ClientAccessDestination? Destination { get; internal set; }

    /// <summary>True when the user was vouched for by a front end's signed identity header rather than by credentials.</summary>
    public bool ViaFrontend { get; internal set; }
}
