using Microsoft.AspNetCore.Builder;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>Pipeline piece of the protocol log.</summary>
public static class ProtocolLogApplicationBuilderExtensions
{
    /// <summary>
    /// Logs every request; must be the first middleware so that throttled, refused and failed requests are logged too.
    /// Requires <see cref="ProtocolLogServiceCollectionExtensions.AddBourseProtocolLog"/>.
    /// </summary>
    public static IApplicationBuilder UseBourseProtocolLog(this IApplicationBuilder app) => app.UseMiddleware<ProtocolLogMiddleware>();
}
