using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Events;

/// <summary>The events part of the API under /owa/service (docs/owa-api.md).</summary>
internal static class OwaEventsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        _ = api;
    }
}
