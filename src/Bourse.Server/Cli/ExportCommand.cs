using System.CommandLine;
using System.Globalization;
using Bourse.Server.Export;

namespace Bourse.Server.Cli;

/// <summary><c>bourse export ADDRESS DIR</c>: every message as .eml under DIR/&lt;folder path&gt;/.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The mailbox to export." };
        var directory = new Argument<string>("DIR") { Description = "The directory to write into (created if missing)." };
        var command = new Command("export", "Export every message of a mailbox as .eml files, byte for byte.") { address, directory };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var addressText = parse.GetValue(address)!;
            var user = await data.Directory.FindUserByAddressAsync(addressText, ct);
            if (user is null)
                return new CliFailure($"no mailbox has the address {addressText}.");
            if (await data.Store.GetMailboxAsync(user.MailboxId, ct) is null)
                return new CliFailure($"the mailbox of {user.PrimarySmtpAddress} has never been opened, so there is nothing to export.");
            var target = Path.GetFullPath(parse.GetValue(directory)!);
            try
            {
                System.IO.Directory.CreateDirectory(target);
                var result = await new MailExporter(data.Store).ExportAsync(user.MailboxId, target, null, ct);
                CliOutput.Line(string.Create(CultureInfo.InvariantCulture,
                    $"Exported {result.Messages} messages ({SizeFormat.Bytes(result.Bytes)}) from {result.Folders} folders of {user.PrimarySmtpAddress} to {target}; {result.Built} had no stored MIME and were converted from their properties."));
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new CliFailure($"cannot write to {target}: {CliOutput.OneLine(ex.Message)}");
            }
        }));
        return command;
    }
}
