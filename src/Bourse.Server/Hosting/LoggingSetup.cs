using Bourse.Server.Configuration;

namespace Bourse.Server.Hosting;

/// <summary>Console logging as configured: the Logging section for levels, Bourse:LogFormat for simple, json or systemd output.</summary>
internal static class LoggingSetup
{
    public static bool IsKnownFormat(string format) => format.ToLowerInvariant() is "simple" or "json" or "systemd";

    public static void Configure(ILoggingBuilder logging, IConfiguration configuration, BourseOptions options)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        switch (options.LogFormat.ToLowerInvariant())
        {
            case "json":
                logging.AddJsonConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                break;
            case "systemd":
                logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
                break;
            default:
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                });
                break;
        }
    }
}
