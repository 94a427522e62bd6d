using Bourse.Directory;

namespace Bourse.Server.Cli;

/// <summary>Turns directory results into one-sentence failures, in one place.</summary>
internal static class DirectoryMessages
{
    public static CliFailure Failure<T>(DirectoryResult<T> result, string subject) => result.Error switch
    {
        DirectoryError.NotFound => new($"{subject} was not found{Detail(result.Message)}"),
        DirectoryError.AlreadyExists => new($"{subject} already exists{Detail(result.Message)}"),
        DirectoryError.WeakPassword => new($"the password was refused{Detail(result.Message)}"),
        DirectoryError.InvalidArgument => new($"{subject} cannot be changed that way{Detail(result.Message)}"),
        _ => new($"the directory refused the change{Detail(result.Message)}"),
    };

    private static string Detail(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
            return ".";
        var text = CliOutput.OneLine(message).TrimEnd('.');
        return $": {char.ToLowerInvariant(text[0])}{text[1..]}.";
    }
}
