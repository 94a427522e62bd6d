using System.Security.Claims;
using Bourse.ClientAccess.Auth;
using Bourse.Core.Ids;
using Bourse.Directory;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Routing;

/// <summary>
/// Decides where an authenticated request is served: the directory says which database holds the mailbox, the
/// configuration says which back end serves that database. Nothing from the request (headers, cookies, Host, path
/// or query) can name a destination.
/// </summary>
internal sealed class MailboxRouter(IDirectory directory, IOptionsMonitor<ClientAccessOptions> options)
{
    public async ValueTask<MailboxRouteDecision> DecideAsync(ClientAccessRoute route, ClaimsPrincipal user, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (user.Identity?.IsAuthenticated != true)
        {
            // CVE-2021-26855 (ProxyLogon): anonymous requests were proxied to a back end a cookie named. Here an
            // anonymous request is never proxied: it is served (or challenged) locally.
            return o.Role == ClientAccessRole.Frontend && route.Kind == ClientAccessRouteKind.Protocol &&
                   route.Protocol is ClientAccessProtocol.Ews or ClientAccessProtocol.ActiveSync or ClientAccessProtocol.Mapi
                ? MailboxRouteDecision.Challenge()
                : MailboxRouteDecision.Local(null);
        }
        if (route.Kind != ClientAccessRouteKind.Protocol)
        {
            return MailboxRouteDecision.Local(null);
        }
        if (user.GetMailboxId() is not { } mailbox)
        {
            return MailboxRouteDecision.Reject(RouteRejection.UnknownMailbox);
        }
        // A user may open only their own mailbox until delegation exists: another mailbox is refused, never proxied.
        if (route.Target is { } target && !await IsOwnMailboxAsync(target, mailbox, user, ct))
        {
            return MailboxRouteDecision.Reject(RouteRejection.AnotherMailbox);
        }
        // Autodiscover answers from the directory and configuration alone: any node serves it.
        if (route.Protocol == ClientAccessProtocol.Autodiscover)
        {
            return MailboxRouteDecision.Local(null);
        }
        var owner = await directory.GetUserAsync(mailbox, ct);
        if (owner is null || !owner.Enabled)
        {
            return MailboxRouteDecision.Reject(RouteRejection.UnknownMailbox);
        }
        var database = owner.Database;
        return o.Role switch
        {
            ClientAccessRole.All => MailboxRouteDecision.Local(database),
            ClientAccessRole.Backend => o.Databases.Count == 0 || Holds(o.Databases, database)
                ? MailboxRouteDecision.Local(database)
                : MailboxRouteDecision.Reject(RouteRejection.Misdirected),
            _ => Holds(o.Databases, database)
                ? MailboxRouteDecision.Local(database)
                : FindBackend(o, database) is { } backend
                    ? MailboxRouteDecision.Proxy(database, backend)
                    : MailboxRouteDecision.Reject(RouteRejection.NoBackend),
        };
    }

    private async ValueTask<bool> IsOwnMailboxAsync(MailboxTarget target, MailboxId mailbox, ClaimsPrincipal user, CancellationToken ct)
    {
        if (target.Kind == MailboxTargetKind.MailboxGuid)
        {
            return Guid.TryParse(target.Value, out var guid) && guid == mailbox.Value;
        }
        if (string.Equals(target.Value, user.GetPrimarySmtpAddress(), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // An alias of one's own mailbox is still one's own mailbox.
        return (await directory.FindUserByAddressAsync(target.Value, ct))?.MailboxId == mailbox;
    }

    private static bool Holds(List<string> databases, string database) =>
        databases.Exists(d => string.Equals(d, database, StringComparison.OrdinalIgnoreCase));

    private static Uri? FindBackend(ClientAccessOptions options, string database)
    {
        foreach (var (name, url) in options.Backends)
        {
            if (string.Equals(name, database, StringComparison.OrdinalIgnoreCase))
            {
                return BackendAddress.TryParse(url, out var uri) ? uri : null;
            }
        }
        return null;
    }
}
