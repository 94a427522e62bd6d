using System.CommandLine;
using Bourse.Mailbox;

namespace Bourse.Server.Cli;

/// <summary>
/// <c>bourse deliver RECIPIENT… [--file PATH]</c>: local delivery of one RFC 5322 message (standard input by default) to
/// mailboxes of this organisation, as transport does — aliases and groups resolved, size and quota checked, filed in the
/// Inbox, waiting clients (ActiveSync Ping, …) notified. Usable as a mail server's delivery agent (Postfix
/// <c>mailbox_command</c> / pipe): the exit code follows sysexits.h so the MTA bounces or retries correctly.
/// </summary>
internal static class DeliverCommand
{
    // sysexits.h: what an MTA expects from a delivery agent.
    internal const int DataError = 65;
    internal const int NoUser = 67;
    internal const int CannotCreate = 73;
    internal const int TemporaryFailure = 75;

    public static Command Create()
    {
        var recipients = new Argument<string[]>("RECIPIENT") { Description = "Addresses to deliver to (users, aliases or groups).", Arity = ArgumentArity.OneOrMore };
        var file = new Option<string?>("--file") { Description = "Read the message from this file instead of standard input.", HelpName = "PATH" };
        var command = new Command("deliver", "Deliver a message (from standard input) to local mailboxes, as the mail transport does.") { recipients, file };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            byte[] mime;
            var path = parse.GetValue(file);
            try
            {
                if (path is not null)
                {
                    mime = await File.ReadAllBytesAsync(path, ct);
                }
                else
                {
                    using var buffer = new MemoryStream();
                    await Console.OpenStandardInput().CopyToAsync(buffer, ct);
                    mime = buffer.ToArray();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new CliFailure($"the message cannot be read: {CliOutput.OneLine(e.Message)}", DataError);
            }

            if (mime.Length == 0)
                return new CliFailure("the message is empty.", DataError);

            var delivery = new MailDelivery(data.Store, data.Directory, data.Time, new MailDeliveryOptions { MaxMessageBytes = data.Options.MaxMessageBytes });
            var worst = ExitCodes.Success;
            var failures = new List<string>();
            foreach (var recipient in parse.GetValue(recipients)!)
            {
                var result = await delivery.DeliverAsync(recipient, mime, ct);
                var (code, text) = result.Status switch
                {
                    DeliveryStatus.Delivered => (ExitCodes.Success, "delivered"),
                    DeliveryStatus.PartiallyDelivered => (TemporaryFailure, "delivered to some members only"),
                    DeliveryStatus.RecipientNotFound => (NoUser, "no such recipient (5.1.1)"),
                    DeliveryStatus.DomainNotAccepted => (NoUser, "not a domain of this organisation (5.1.2)"),
                    DeliveryStatus.InvalidAddress => (NoUser, "not a valid address (5.1.3)"),
                    DeliveryStatus.MessageTooLarge => (DataError, "message too large (5.3.4)"),
                    DeliveryStatus.QuotaExceeded => (CannotCreate, "mailbox full (5.2.2)"),
                    _ => (TemporaryFailure, "mailbox unavailable, try again later (4.2.1)"),
                };
                if (code == ExitCodes.Success)
                    CliOutput.Line($"{recipient}: {text} to {string.Join(", ", result.Mailboxes.Select(m => m.User.PrimarySmtpAddress))}");
                else
                    failures.Add($"{recipient}: {text}");
                // The most serious failure decides: a temporary failure makes the MTA retry everyone, so it wins.
                if (code == TemporaryFailure || (worst != TemporaryFailure && code != ExitCodes.Success))
                    worst = code;
            }

            return failures.Count == 0 ? null : new CliFailure(string.Join("; ", failures), worst);
        }));
        return command;
    }
}
