using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Routing;

/// <summary>Refuses to start with a routing configuration that could not work or would not be safe.</summary>
internal sealed class ClientAccessOptionsValidator : IValidateOptions<ClientAccessOptions>
{
    public const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, ClientAccessOptions options)
    {
        var failures = new List<string>();
        if (options.Role != ClientAccessRole.All && (options.SharedSecret?.Length ?? 0) < MinimumSecretLength)
        {
            failures.Add($"Bourse:ClientAccess:SharedSecret must be at least {MinimumSecretLength} characters for role {options.Role}.");
        }
        if (options.SharedSecret is { Length: > 0 } secret && secret.Length < MinimumSecretLength)
        {
            failures.Add($"Bourse:ClientAccess:SharedSecret must be at least {MinimumSecretLength} characters.");
        }
        if (options.Role == ClientAccessRole.Frontend && options.Backends.Count == 0 && options.Databases.Count == 0)
        {
            failures.Add("Bourse:ClientAccess:Backends must name the back end of each mailbox database for role Frontend.");
        }
        foreach (var (database, url) in options.Backends)
        {
            if (!BackendAddress.TryParse(url, out _))
            {
                failures.Add($"Bourse:ClientAccess:Backends:{database} must be an absolute https URL with no path, query or user info.");
            }
        }
        foreach (var thumbprint in options.BackendCertificateThumbprints)
        {
            if (BackendAddress.NormalizeThumbprint(thumbprint) is null)
            {
                failures.Add("Bourse:ClientAccess:BackendCertificateThumbprints entries must be SHA-1 (40) or SHA-256 (64) hex digits.");
            }
        }
        if (options.IdentityLifetime <= TimeSpan.Zero || options.IdentityLifetime > TimeSpan.FromMinutes(5))
        {
            failures.Add("Bourse:ClientAccess:IdentityLifetime must be between 0 and 5 minutes.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
