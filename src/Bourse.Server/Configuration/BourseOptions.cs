namespace Bourse.Server.Configuration;

/// <summary>The "Bourse" configuration section (appsettings.json, BOURSE_Bourse__* variables, command line).</summary>
internal sealed class BourseOptions
{
    public const string SectionName = "Bourse";

    /// <summary>Used when neither configuration nor the directory names a domain: RFC 6761 reserves .localhost, which resolves to loopback.</summary>
    public const string DefaultDomain = "bourse.localhost";

    /// <summary>Loopback only: a fresh install (with self-signed certificate and perhaps demo passwords) is not exposed to the network until the operator says so.</summary>
    public const string DefaultHttps = "127.0.0.1:8443";

    /// <summary>35 MiB, Exchange Online's default maximum message size.</summary>
    public const long DefaultMaxMessageBytes = 35L * 1024 * 1024;

    /// <summary>The organisation's primary mail domain; the certificate covers mail.DOMAIN and autodiscover.DOMAIN.</summary>
    public string? Domain { get; set; }

    /// <summary>The organisation's display name (defaults to the domain).</summary>
    public string? OrganizationName { get; set; }

    /// <summary>HTTPS endpoints, separated by ';' or ',': "IP:PORT", "[IPv6]:PORT", "*:PORT" (all interfaces) or "localhost:PORT".</summary>
    public string Https { get; set; } = DefaultHttps;

    /// <summary>Plain-HTTP endpoints, same syntax; empty (nothing listens on plain HTTP) unless configured.</summary>
    public string Http { get; set; } = "";

    public CertificateOptions Certificate { get; set; } = new();

    /// <summary>Largest message accepted by delivery and import, in bytes.</summary>
    public long MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>Console log format: "simple" (default), "json" or "systemd".</summary>
    public string LogFormat { get; set; } = "simple";

    /// <summary>PBKDF2 iterations for new password hashes; null keeps the directory's default.</summary>
    public int? PasswordHashIterations { get; set; }
}
