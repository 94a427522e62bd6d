using System.CommandLine;
using Bourse.Server.Configuration;
using Bourse.Server.Data;

namespace Bourse.Server.Cli;

/// <summary>Runs an admin command against the data directory: configuration, open store and directory, Ctrl+C, exit code.</summary>
internal static class CommandContext
{
    public static async Task<int> RunAsync(ParseResult parse, Func<BourseData, CancellationToken, Task<CliFailure?>> action)
    {
        var dataDirectory = parse.GetValue(CommonOptions.Data) ?? CommonOptions.DefaultDataDirectory();
        var configuration = BourseConfiguration.Build(dataDirectory);
        var options = BourseConfiguration.GetOptions(configuration, out var configError);
        if (configError is not null)
            return CliOutput.Fail(configError, ExitCodes.Usage);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: stop at the next safe point; a second one ends the process.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var (data, failure) = await BourseData.OpenAsync(dataDirectory, options, cancel.Token);
            if (data is null)
                return CliOutput.Fail(failure!);
            await using (data)
            {
                var result = await action(data, cancel.Token);
                return result is null ? ExitCodes.Success : CliOutput.Fail(result);
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
