using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Mail;

/// <summary>The mail part of the API under /owa/service (docs/owa-api.md).</summary>
internal static class OwaMailEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        _ = api;
    }
}
