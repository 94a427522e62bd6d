using Bourse.Directory;
using Microsoft.Extensions.DependencyInjection;

namespace Bourse.ClientAccess.Health;

/// <summary>The directory answers a read (the organisation record). Every protocol authenticates against it.</summary>
internal sealed class DirectoryHealthProbe(IServiceProvider services) : IHealthProbe
{
    public string Name => "directory";

    public async ValueTask<HealthProbeResult> CheckAsync(CancellationToken ct)
    {
        var directory = services.GetService<IDirectory>();
        if (directory is null)
        {
            return HealthProbeResult.Failed("no directory is registered");
        }
        await directory.GetOrganizationAsync(ct);
        return HealthProbeResult.Ok;
    }
}
