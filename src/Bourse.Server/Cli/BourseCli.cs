using System.CommandLine;
using System.CommandLine.Parsing;

namespace Bourse.Server.Cli;

/// <summary>The <c>bourse</c> command line: parses, runs one command, and turns every failure into one sentence and an exit code.</summary>
internal static class BourseCli
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Bourse: an Exchange-compatible mail, calendar and contacts server.")
        {
            CommonOptions.Data,
        };
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MailboxCommand.Create());
        root.Subcommands.Add(AliasCommand.Create());
        root.Subcommands.Add(GroupCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(DeliverCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DnsCommand.Create());
        root.Subcommands.Add(TestConnectivityCommand.Create());
        root.Subcommands.Add(TraceCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = CreateRootCommand();
        if (args.Length == 0)
        {
            await root.Parse(["--help"]).InvokeAsync();
            return ExitCodes.Usage;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The whole verb path ("bourse device wipe"): Parents holds only the immediate parent, so walk the results up.
            var names = new List<string>();
            for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
            {
                if (result is CommandResult command)
                    names.Add(command.Command.Name);
            }
            var verb = string.Join(' ', names.AsEnumerable().Reverse().Skip(1).Prepend("bourse"));
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            var message = CliOutput.OneLine(error.Message).TrimEnd('.');
            return CliOutput.Fail($"{message}. Run '{verb} --help' for usage.", ExitCodes.Usage);
        }
        try
        {
            // The host (serve) and CommandContext (other commands) handle Ctrl+C and SIGTERM themselves.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (OperationCanceledException)
        {
            return CliOutput.Fail("interrupted.", ExitCodes.Interrupted);
        }
        catch (Exception ex)
        {
            // Unexpected: still one sentence, never a stack trace. The type name helps a bug report without exposing internals.
            return CliOutput.Fail($"unexpected error ({ex.GetType().Name}): {CliOutput.OneLine(ex.Message)}");
        }
    }
}
