using System.CommandLine;

namespace Bourse.Server.Cli;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public const string DataEnvironmentVariable = "BOURSE_DATA";

    /// <summary>--data DIR: the data directory; default $BOURSE_DATA, else ./data.</summary>
    public static readonly Option<string> Data = new("--data")
    {
        Description = "The data directory (default: $BOURSE_DATA, else ./data).",
        HelpName = "DIR",
        Recursive = true,
        DefaultValueFactory = _ => DefaultDataDirectory(),
    };

    public static string DefaultDataDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DataEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Path.Combine(".", "data") : fromEnvironment;
    }
}
