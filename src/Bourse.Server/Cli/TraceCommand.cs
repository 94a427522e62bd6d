using System.CommandLine;
using Bourse.ClientAccess.ProtocolLog;
using Bourse.Server.Configuration;

namespace Bourse.Server.Cli;

/// <summary><c>bourse trace [--user U] [--follow] [--tail N]</c>: the protocol log, one line per request.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var user = new Option<string?>("--user")
        {
            Description = "Only this user's requests (address, or the part before '@'), as the signed-in user or the target mailbox.",
            HelpName = "USER",
        };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new requests as they arrive, until Ctrl+C." };
        var tail = new Option<int?>("--tail") { Description = "Start with only the last N matching requests.", HelpName = "N" };
        var command = new Command("trace", "Show the protocol log: each request's time, status, protocol, user, back end, timings and client.") { user, follow, tail };
        command.Validators.Add(result =>
        {
            if (result.GetValue(tail) is < 1)
                result.AddError("--tail must be at least 1.");
        });
        command.SetAction(async (parse, _) =>
        {
            var dataDirectory = Path.GetFullPath(parse.GetValue(CommonOptions.Data) ?? CommonOptions.DefaultDataDirectory());
            var configuration = BourseConfiguration.Build(dataDirectory);
            var options = configuration.GetSection(ProtocolLogOptions.SectionName).Get<ProtocolLogOptions>() ?? new ProtocolLogOptions();
            options.DataDirectory ??= dataDirectory;
            var directory = options.ResolveLogDirectory()!;
            var query = new ProtocolLogQuery { User = parse.GetValue(user), Follow = parse.GetValue(follow), Tail = parse.GetValue(tail) };
            if (!query.Follow && !System.IO.Directory.Exists(directory))
                return CliOutput.Fail($"no protocol log in {directory} yet (it is written by 'bourse serve').");

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var count = 0;
                await foreach (var record in new ProtocolLogReader(directory).ReadAsync(query, cancel.Token))
                {
                    Console.Out.WriteLine(ProtocolLogReader.Format(record));
                    if (query.Follow)
                        await Console.Out.FlushAsync(CancellationToken.None);
                    count++;
                }
                if (count == 0 && !query.Follow)
                    Console.Error.WriteLine(query.User is null ? "No requests logged." : $"No requests logged for {query.User}.");
                // Ctrl+C is how a follow ends: not a failure.
                return ExitCodes.Success;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }
}
