using Bourse.ClientAccess.Throttling;
using Microsoft.AspNetCore.Builder;

namespace Bourse.ClientAccess.Auth;

/// <summary>Pipeline pieces of Client Access authentication.</summary>
public static class BourseAuthenticationApplicationBuilderExtensions
{
    /// <summary>Per-user, per-protocol concurrency limits; place after <c>UseAuthentication()</c>.</summary>
    public static IApplicationBuilder UseBourseConcurrencyLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<ConcurrencyLimitMiddleware>();
}
