using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Routing;

/// <summary>The outcome of canonicalizing a request target: a route, or the reason it was refused.</summary>
internal readonly record struct CanonicalRoute(
    RouteRejection Rejection,
    ClientAccessProtocol Protocol,
    ClientAccessRouteKind Kind,
    string Path,
    MailboxTarget? Target)
{
    public bool IsSuccess => Rejection == RouteRejection.None;

    public static CanonicalRoute Fail(RouteRejection reason) => new(reason, ClientAccessProtocol.Unknown, ClientAccessRouteKind.Protocol, string.Empty, null);
}
