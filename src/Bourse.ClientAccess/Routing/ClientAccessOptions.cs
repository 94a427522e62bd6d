namespace Bourse.ClientAccess.Routing;

/// <summary>Front-end/back-end roles and mailbox routing, bound from configuration section "Bourse:ClientAccess".</summary>
public sealed class ClientAccessOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Bourse:ClientAccess";

    /// <summary>All (default), Frontend or Backend.</summary>
    public ClientAccessRole Role { get; set; } = ClientAccessRole.All;

    /// <summary>
    /// The mailbox databases this server holds. A Frontend serves these locally and proxies the others; a Backend
    /// refuses mailboxes on other databases (421), and with an empty list serves every database.
    /// </summary>
    public List<string> Databases { get; set; } = [];

    /// <summary>Database name → base URL of the back end that serves it (https, no path), e.g. "https://10.0.0.5:444/".
    /// The only destinations a Frontend ever proxies to.</summary>
    public Dictionary<string, string> Backends { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Pinned back-end certificates (SHA-256 or SHA-1 thumbprints, hex). When set, a back end must present one of them
    /// (self-signed deployments); when empty, the back end's certificate must pass normal chain and name validation.
    /// </summary>
    public List<string> BackendCertificateThumbprints { get; set; } = [];

    /// <summary>The secret front and back ends share to sign the forwarded identity (at least 32 characters).
    /// Required for Frontend and Backend; optional for All (which then refuses forwarded identities).</summary>
    public string? SharedSecret { get; set; }

    /// <summary>How old a forwarded identity may be when the back end checks it (and the clock skew tolerated).</summary>
    public TimeSpan IdentityLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a proxied request may be idle (EAS Ping may hold a request for up to 59 minutes).</summary>
    public TimeSpan ProxyActivityTimeout { get; set; } = TimeSpan.FromMinutes(61);
}
