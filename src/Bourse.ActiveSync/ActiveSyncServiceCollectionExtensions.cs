using Bourse.ActiveSync.Handlers;
using Bourse.ActiveSync.Http;
using Bourse.ActiveSync.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bourse.ActiveSync;

/// <summary>Registers Exchange ActiveSync's services.</summary>
public static class ActiveSyncServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ActiveSync endpoint and command handlers and binds <see cref="ActiveSyncOptions"/> from <c>Bourse:ActiveSync</c>.
    /// Needs the host's <see cref="Bourse.Storage.IMailStore"/>, <see cref="Bourse.Directory.IDirectory"/>,
    /// <see cref="Bourse.Directory.Devices.IDeviceDirectory"/>, <see cref="Bourse.Mailbox.MailboxOperations"/> and
    /// <see cref="Bourse.Mailbox.ISubmission"/>.
    /// </summary>
    public static IServiceCollection AddBourseActiveSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ActiveSyncOptions>()
            .Bind(configuration.GetSection(ActiveSyncOptions.SectionName))
            .Validate(o => o.MinHeartbeatSeconds > 0 && o.MinHeartbeatSeconds <= o.MaxHeartbeatSeconds, "Bourse:ActiveSync heartbeat bounds must satisfy 0 < Min <= Max.")
            .Validate(o => o.MaxRequestBytes > 0 && o.MaxWindowSize > 0 && o.MaxPingFolders > 0, "Bourse:ActiveSync limits must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EasStateStore>();
        services.TryAddSingleton<ICollectionSyncPosition, CollectionStateStore>();
        services.TryAddSingleton<ActiveSyncEndpoint>();
        foreach (var handler in typeof(ActiveSyncServiceCollectionExtensions).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEasCommandHandler).IsAssignableFrom(t)))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IEasCommandHandler), handler));
        }

        return services;
    }
}
