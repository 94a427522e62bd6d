using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Calendar;

/// <summary>The calendar part of the API under /owa/service (docs/owa-api.md).</summary>
internal static class OwaCalendarEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        _ = api;
    }
}
