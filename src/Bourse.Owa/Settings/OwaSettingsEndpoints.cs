using Microsoft.AspNetCore.Routing;

namespace Bourse.Owa.Settings;

/// <summary>The settings part of the API under /owa/service (docs/owa-api.md).</summary>
internal static class OwaSettingsEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        _ = api;
    }
}
