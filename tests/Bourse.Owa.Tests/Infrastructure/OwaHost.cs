using System.Net;
using System.Security.Cryptography.X509Certificates;
using Bourse.ClientAccess.Forms;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Storage;
using Bourse.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bourse.Owa.Tests.Infrastructure;

/// <summary>
/// The Kestrel host (TLS on 127.0.0.1, free port) that the OWA tests and the OWA benchmark both run: the services
/// <c>bourse serve</c> gives Outlook on the web over a given store and directory, and the pipeline that puts Client
/// Access's forms sign-in and X-OWA-CANARY check in front of the API.
/// </summary>
internal static class OwaHost
{
    /// <summary>A builder with every service the API needs; settings are added to configuration.</summary>
    public static WebApplicationBuilder CreateBuilder(string dataDirectory, SqliteMailStore store, SqliteDirectory directory, MailboxOperations operations,
        X509Certificate2 certificate, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?> { ["Bourse:Owa:DataDirectory"] = dataDirectory };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            config[k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        builder.Services.AddSingleton<IMailStore>(store);
        builder.Services.AddSingleton<IDirectory>(directory);
        builder.Services.AddSingleton<IDeviceDirectory>(directory);
        builder.Services.AddSingleton(operations);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ISubmission>(new Submission(store, directory, TimeProvider.System));
        builder.Services.AddBourseFormsSignIn(builder.Configuration);
        builder.Services.AddAuthorization();
        builder.Services.AddBourseOwa();
        return builder;
    }

    /// <summary>Maps sign-in and the API (and the browser client when asked) as the server does, starts, and returns the port.</summary>
    public static async Task<int> MapAndStartAsync(WebApplication app, bool webClient)
    {
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapBourseFormsSignIn();
        if (webClient)
            app.MapBourseOwaWebClient().RequireAuthorization().RequireOwaCanary();
        app.MapBourseOwaApi().RequireAuthorization().RequireOwaCanary();
        await app.StartAsync();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
    }
}
