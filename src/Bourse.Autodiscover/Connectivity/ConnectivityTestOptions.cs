using System.Security.Cryptography.X509Certificates;

namespace Bourse.Autodiscover.Connectivity;

/// <summary>What <c>bourse test-connectivity EMAIL [--server HOST] [--insecure]</c> was asked to do.</summary>
public sealed class ConnectivityTestOptions
{
    /// <summary>The mailbox to discover.</summary>
    public required string Email { get; init; }

    /// <summary>The sign-in name; the email address when null.</summary>
    public string? Login { get; init; }

    /// <summary>The password for Basic authentication; without it the test stops at the 401 and reports it.</summary>
    public string? Password { get; init; }

    /// <summary>Skip the domain-based discovery and ask this host's Autodiscover directly.</summary>
    public string? Server { get; init; }

    /// <summary>Accept any certificate (still reporting what was wrong with it).</summary>
    public bool Insecure { get; init; }

    /// <summary>Extra trust anchors (e.g. a self-signed server certificate) besides the system store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>Name resolution; the system's when null.</summary>
    public IConnectivityResolver? Resolver { get; init; }

    /// <summary>The TCP port used for https URLs without an explicit port (443; tests point it elsewhere).</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>The TCP port used for http URLs without an explicit port (80).</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>Per-step timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
