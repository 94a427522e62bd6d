using Bourse.Core.Ids;
using Bourse.Directory;
using Bourse.Storage;

namespace Bourse.Server.Hosting;

/// <summary>GET /healthz: 200 "ok" when the store and the directory answer, else 503 (details only in the log).</summary>
internal static class HealthEndpoint
{
    public static async Task<IResult> HandleAsync(IMailStore store, IDirectory directory, ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            await directory.GetOrganizationAsync(ct);
            await store.GetMailboxAsync(new MailboxId(Guid.Empty), ct);
            return Results.Text("ok", "text/plain; charset=utf-8");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            loggers.CreateLogger("Bourse.Health").LogError(ex, "Health check failed.");
            return Results.Text("unavailable", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
