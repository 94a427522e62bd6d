using Spectre.Console;

namespace Bourse.Server.Cli;

/// <summary>Reads a password from standard input (--password-stdin): the first line, or a hidden prompt on a terminal.</summary>
internal static class PasswordInput
{
    public static async Task<(string? Password, CliFailure? Failure)> ReadAsync(CancellationToken ct)
    {
        string? password;
        if (Console.IsInputRedirected)
        {
            password = await Console.In.ReadLineAsync(ct);
        }
        else
        {
            password = await CliOutput.Console.PromptAsync(new TextPrompt<string>("Password:").Secret(), ct);
        }
        if (string.IsNullOrEmpty(password))
            return (null, CliFailure.Usage("no password was given on standard input."));
        return (password, null);
    }
}
