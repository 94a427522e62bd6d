using Microsoft.AspNetCore.Http;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>Access to the current request's protocol log line.</summary>
public static class ProtocolLogHttpContextExtensions
{
    /// <summary>The request's <see cref="ProtocolLogEntry"/>, or null when the protocol log middleware is not in the pipeline.</summary>
    public static ProtocolLogEntry? GetProtocolLogEntry(this HttpContext context) => context.Features.Get<ProtocolLogEntry>();
}
