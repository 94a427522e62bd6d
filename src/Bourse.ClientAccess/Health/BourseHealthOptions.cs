using Bourse.ClientAccess.Auth;

namespace Bourse.ClientAccess.Health;

/// <summary>The health endpoints, bound from configuration section "Bourse:Health".</summary>
public sealed class BourseHealthOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:Health";

    /// <summary>The name in the <c>200 OK&lt;br/&gt;NAME</c> body; the machine name by default.</summary>
    public string? ServerName { get; set; }

    /// <summary>How long the probes together may take before the protocol counts as unhealthy.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a result is reused, so that load balancers probing every second from several hosts do not each cost a
    /// store read; zero checks on every request.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Take the server out of every load balancer pool (all health checks answer 503) while it keeps serving the
    /// connections it has, like Exchange's ServerWideOffline component state. Read on every check, so a configuration
    /// reload drains the node.
    /// </summary>
    public bool Draining { get; set; }

    /// <summary>Protocols switched off on this server: their health check answers 503. All are on by default.</summary>
    public Dictionary<ClientAccessProtocol, bool> Protocols { get; set; } = new()
    {
        [ClientAccessProtocol.Owa] = true,
        [ClientAccessProtocol.Ews] = true,
        [ClientAccessProtocol.ActiveSync] = true,
        [ClientAccessProtocol.Autodiscover] = true,
        [ClientAccessProtocol.Mapi] = true,
    };

    /// <summary>Whether the default store and directory probes are registered.</summary>
    public bool DefaultProbes { get; set; } = true;

    internal bool IsEnabled(ClientAccessProtocol protocol) => !Protocols.TryGetValue(protocol, out var on) || on;
}
