namespace Bourse.Server.Configuration;

/// <summary>The "Bourse:Certificate" section. With no <see cref="Path"/> a self-signed certificate is made under {data}/certs/.</summary>
internal sealed class CertificateOptions
{
    /// <summary>A PFX/PKCS#12 file (.pfx, .p12) or a PEM certificate (chain) file.</summary>
    public string? Path { get; set; }

    /// <summary>The PEM private key file; when absent the key is read from <see cref="Path"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX password or the PEM key's encryption password. Never logged.</summary>
    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path);
}
