using Spectre.Console;

namespace Bourse.Server.Cli;

/// <summary>
/// Where commands write: a Spectre console on standard output (wide and colourless when redirected, so scripts and
/// tests can read tables) and one-line errors on standard error.
/// </summary>
internal static class CliOutput
{
    private static readonly Lazy<IAnsiConsole> s_console = new(CreateConsole);

    public static IAnsiConsole Console => s_console.Value;

    /// <summary>True when standard output is a terminal (progress bars and colours are shown only then).</summary>
    public static bool IsInteractive => !System.Console.IsOutputRedirected;

    public static void Line(string text) => System.Console.Out.WriteLine(text);

    /// <summary>Prints the failure as one line on standard error and returns its exit code.</summary>
    public static int Fail(CliFailure failure)
    {
        System.Console.Out.Flush();
        System.Console.Error.WriteLine($"bourse: {OneLine(failure.Message)}");
        return failure.ExitCode;
    }

    public static int Fail(string message, int exitCode = ExitCodes.Failure) => Fail(new CliFailure(message, exitCode));

    /// <summary>Collapses a message to its first line so no multi-line text (or stack trace) reaches the operator.</summary>
    public static string OneLine(string message)
    {
        var text = message.ReplaceLineEndings("\n");
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        text = (nl >= 0 ? text[..nl] : text).Trim();
        return text.Length == 0 ? "the operation failed." : text;
    }

    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(System.Console.Out),
            Interactive = IsInteractive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsInteractive)
            console.Profile.Width = 250;
        return console;
    }
}
