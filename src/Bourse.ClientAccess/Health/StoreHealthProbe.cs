using Bourse.ClientAccess.Auth;
using Bourse.Core.Ids;
using Bourse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ClientAccess.Health;

/// <summary>
/// The mail store answers a read (a mailbox lookup that finds nothing). Autodiscover needs only the directory, so the
/// store does not gate its check; a front end without a local store (role frontend) has nothing to probe here.
/// </summary>
internal sealed class StoreHealthProbe(IServiceProvider services) : IHealthProbe
{
    public string Name => "store";

    public bool AppliesTo(ClientAccessProtocol protocol) => protocol != ClientAccessProtocol.Autodiscover;

    public async ValueTask<HealthProbeResult> CheckAsync(CancellationToken ct)
    {
        var store = services.GetService<IMailStore>();
        if (store is null)
        {
            return HealthProbeResult.Ok;
        }
        await store.GetMailboxAsync(new MailboxId(Guid.Empty), ct);
        return HealthProbeResult.Ok;
    }
}
