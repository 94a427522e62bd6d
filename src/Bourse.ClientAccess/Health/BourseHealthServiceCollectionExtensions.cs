using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bourse.ClientAccess.Health;

/// <summary>Registers the health checks.</summary>
public static class BourseHealthServiceCollectionExtensions
{
    /// <summary>
    /// Adds the health monitor bound from "Bourse:Health" and, unless "Bourse:Health:DefaultProbes" is false, the
    /// directory probe and the store probe (which checks the registered <c>IMailStore</c>, if any). Add more dependencies
    /// as <see cref="IHealthProbe"/> singletons.
    /// </summary>
    public static IServiceCollection AddBourseHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(BourseHealthOptions.SectionName);
        services.AddOptions<BourseHealthOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BourseHealthMonitor>();
        if (section.GetValue(nameof(BourseHealthOptions.DefaultProbes), true))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, DirectoryHealthProbe>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthProbe, StoreHealthProbe>());
        }
        return services;
    }
}
