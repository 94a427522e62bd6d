using Bourse.Autodiscover.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bourse.Autodiscover;

/// <summary>Registers Autodiscover's services.</summary>
public static class AutodiscoverServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Autodiscover handlers and binds <see cref="AutodiscoverOptions"/> from <c>Bourse:Autodiscover</c>.
    /// Needs an <see cref="Bourse.Directory.IDirectory"/> registered by the host.
    /// </summary>
    public static IServiceCollection AddBourseAutodiscover(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutodiscoverOptions>()
            .Bind(configuration.GetSection(AutodiscoverOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ExternalHostName), "Bourse:Autodiscover:ExternalHostName is required (e.g. mail.contoso.com).")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MailboxResolver>();
        services.TryAddSingleton<PoxHandler>();
        services.TryAddSingleton<GetUserSettingsHandler>();
        services.TryAddSingleton<GetDomainSettingsHandler>();
        services.TryAddSingleton<JsonV2Handler>();
        return services;
    }
}
