using Bourse.ClientAccess.Proxy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bourse.ClientAccess.Routing;

/// <summary>Registers Client Access routing: path canonicalization, mailbox routing and the front-end proxy.</summary>
public static class BourseRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="ClientAccessOptions"/> from "Bourse:ClientAccess" (validated at start), and registers the
    /// YARP forwarder and the routing services. The host must register an <c>IDirectory</c>. Pipeline, in this order:
    /// <c>UseBourseRouting()</c> (first), <c>UseRouting()</c>, <c>UseAuthentication()</c>, <c>UseBourseConcurrencyLimits()</c>,
    /// <c>UseBourseMailboxRouting()</c>, <c>UseAuthorization()</c>, endpoints.
    /// </summary>
    public static IServiceCollection AddBourseRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClientAccessOptions>().Bind(configuration.GetSection(ClientAccessOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClientAccessOptions>, ClientAccessOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpForwarder();
        services.TryAddSingleton<BackendIdentitySigner>();
        services.TryAddSingleton<BackendCertificateValidator>();
        services.TryAddSingleton<BackendRequestTransformer>();
        services.TryAddSingleton<BackendForwarder>();
        services.TryAddSingleton<MailboxRouter>();
        return services;
    }
}
