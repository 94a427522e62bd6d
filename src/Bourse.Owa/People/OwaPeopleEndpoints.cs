using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.People;

/// <summary>The people part of the API under /owa/service (docs/owa-api.md).</summary>
internal static class OwaPeopleEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        _ = api;
    }
}
