namespace Bourse.Server.Cli;

/// <summary>An expected failure of a command: one sentence for the operator and the exit code to end with.</summary>
internal sealed record CliFailure(string Message, int ExitCode = ExitCodes.Failure)
{
    public static CliFailure Usage(string message) => new(message, ExitCodes.Usage);

    public static CliFailure Unavailable(string message) => new(message, ExitCodes.Unavailable);
}
