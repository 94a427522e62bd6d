using Microsoft.Extensions.Configuration;

namespace Bourse.Server.Configuration;

/// <summary>
/// Builds configuration the ASP.NET Core way, later sources winning: appsettings.json (and appsettings.{Environment}.json)
/// next to the binary, appsettings.json in the data directory, BOURSE_-prefixed environment variables
/// (BOURSE_Bourse__Domain), then command-line options.
/// </summary>
internal static class BourseConfiguration
{
    public static void AddSources(IConfigurationBuilder builder, string dataDirectory, IReadOnlyDictionary<string, string?> commandLine)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
        builder.AddInMemoryCollection(Defaults);
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false);
        builder.AddJsonFile(Path.Combine(Path.GetFullPath(dataDirectory), "appsettings.json"), optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("BOURSE_");
        builder.AddInMemoryCollection(commandLine);
    }

    public static IConfigurationRoot Build(string dataDirectory, IReadOnlyDictionary<string, string?>? commandLine = null)
    {
        var builder = new ConfigurationBuilder();
        AddSources(builder, dataDirectory, commandLine ?? new Dictionary<string, string?>());
        return builder.Build();
    }

    /// <summary>Binds the Bourse section; a value of the wrong type is a one-sentence error.</summary>
    public static BourseOptions GetOptions(IConfiguration configuration, out string? error)
    {
        var options = new BourseOptions();
        error = null;
        try
        {
            configuration.GetSection(BourseOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            error = $"the configuration section '{BourseOptions.SectionName}' is invalid: {Cli.CliOutput.OneLine(ex.Message)}";
        }
        if (error is null && options.MaxMessageBytes <= 0)
            error = "Bourse:MaxMessageBytes must be a positive number of bytes.";
        return options;
    }

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        // A failed start (port taken) is reported as one sentence by serve; the host's own error would repeat it with a stack trace.
        ["Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host"] = "Critical",
        // The OWA session key ring lives in {data}/keys/data-protection, readable by the service account only (as the
        // certificate's key): the "no XML encryptor" warning at every start says nothing the operator can act on.
        ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager"] = "Error",
    };
}
