using Bourse.Owa.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.Owa;

/// <summary>Registers Outlook on the web: the API under /owa/service and the browser client at /owa/.</summary>
public static class OwaServiceCollectionExtensions
{
    public static IServiceCollection AddBourseOwa(this IServiceCollection services)
    {
        services.AddSingleton(_ => OwaWebClient.FromDirectory(Path.Combine(AppContext.BaseDirectory, "owa-web")));
        services.AddHostedService<OwaWarmUp>();
        return services;
    }
}
