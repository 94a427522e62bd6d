using System.CommandLine;
using System.Globalization;
using Bourse.Directory;
using Bourse.Server.Data;
using Spectre.Console;

namespace Bourse.Server.Cli;

/// <summary><c>bourse mailbox new|list|remove|set-password</c>: directory users and their store mailboxes, together.</summary>
internal static class MailboxCommand
{
    public static Command Create()
    {
        var command = new Command("mailbox", "Create, list and remove mailboxes (users, rooms, equipment).");
        command.Subcommands.Add(CreateNew());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateRemove());
        command.Subcommands.Add(CreateSetPassword());
        return command;
    }

    private static Argument<string> AddressArgument(string description) => new("ADDRESS") { Description = description };

    private static Option<bool> PasswordStdinOption(string description) => new("--password-stdin") { Description = description };

    private static Command CreateNew()
    {
        var address = AddressArgument("The primary SMTP address, e.g. alice@example.com.");
        var name = new Option<string?>("--name") { Description = "Display name (default: from the address).", HelpName = "NAME" };
        var passwordStdin = PasswordStdinOption("Read the password from standard input (without it the user cannot sign in until one is set).");
        var room = new Option<bool>("--room") { Description = "Create a room mailbox." };
        var equipment = new Option<bool>("--equipment") { Description = "Create an equipment mailbox." };
        var database = new Option<string?>("--database")
        {
            Description = "The mailbox database that holds it (default DB01); with front and back ends, Bourse:ClientAccess:Backends says which back end serves each database.",
            HelpName = "NAME",
        };
        var command = new Command("new", "Create a mailbox: the directory user and its mailbox in the store.") { address, name, passwordStdin, room, equipment, database };
        command.Validators.Add(result =>
        {
            if (result.GetValue(room) && result.GetValue(equipment))
                result.AddError("--room and --equipment cannot be used together.");
        });
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                var (read, failure) = await PasswordInput.ReadAsync(ct);
                if (failure is not null)
                    return failure;
                password = read;
            }
            var kind = parse.GetValue(room) ? RecipientKind.Room : parse.GetValue(equipment) ? RecipientKind.Equipment : RecipientKind.User;
            var (user, error) = await MailboxProvisioning.CreateAsync(data, parse.GetValue(address)!, parse.GetValue(name), password, kind, ct, parse.GetValue(database));
            if (user is null)
                return error;
            CliOutput.Line($"Created {KindName(user.Kind)} mailbox {user.PrimarySmtpAddress} ({user.DisplayName}) in database {user.Database}.");
            if (password is null && user.Kind == RecipientKind.User)
                CliOutput.Line($"No password is set; run 'bourse mailbox set-password {user.PrimarySmtpAddress} --password-stdin' before signing in.");
            return null;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List mailboxes with their size.");
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var users = await data.Directory.ListUsersAsync(ct);
            var table = new Table().AddColumns("Address", "Name", "Kind", "Database", "Items", "Size");
            table.Columns[4].RightAligned();
            table.Columns[5].RightAligned();
            foreach (var user in users.OrderBy(u => u.PrimarySmtpAddress, StringComparer.OrdinalIgnoreCase))
            {
                var info = await data.Store.GetMailboxAsync(user.MailboxId, ct);
                table.AddRow(
                    new Text(user.PrimarySmtpAddress),
                    new Text(user.DisplayName),
                    new Text(KindName(user.Kind)),
                    new Text(user.Database),
                    new Text(info is null ? "-" : info.ItemCount.ToString(CultureInfo.InvariantCulture)),
                    new Text(info is null ? "no mailbox" : SizeFormat.Bytes(info.UsedBytes)));
            }
            if (users.Count == 0)
                CliOutput.Line("No mailboxes yet; create one with 'bourse mailbox new ADDRESS'.");
            else
                CliOutput.Console.Write(table);
            return null;
        }));
        return command;
    }

    private static Command CreateRemove()
    {
        var address = AddressArgument("The mailbox's address.");
        var command = new Command("remove", "Remove a mailbox: the directory user and all of its mail.") { address };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var text = parse.GetValue(address)!;
            var user = await data.Directory.FindUserByAddressAsync(text, ct);
            if (user is null)
                return new CliFailure($"no mailbox has the address {text}.");
            var removed = await data.Directory.RemoveUserAsync(user.PrimarySmtpAddress, ct);
            if (!removed.IsSuccess)
                return DirectoryMessages.Failure(removed, $"the mailbox {user.PrimarySmtpAddress}");
            await data.Store.DeleteMailboxAsync(user.MailboxId, ct);
            CliOutput.Line($"Removed mailbox {user.PrimarySmtpAddress} and its mail.");
            return null;
        }));
        return command;
    }

    private static Command CreateSetPassword()
    {
        var address = AddressArgument("The mailbox's address.");
        var passwordStdin = PasswordStdinOption("Read the new password from standard input (required: passwords are never taken from the command line).");
        var command = new Command("set-password", "Set a mailbox user's password.") { address, passwordStdin };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(passwordStdin))
                result.AddError("set-password needs --password-stdin; passwords are never taken from the command line.");
        });
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var text = parse.GetValue(address)!;
            var user = await data.Directory.FindUserByAddressAsync(text, ct);
            if (user is null)
                return new CliFailure($"no mailbox has the address {text}.");
            var (password, failure) = await PasswordInput.ReadAsync(ct);
            if (failure is not null)
                return failure;
            var result = await data.Directory.SetPasswordAsync(user.PrimarySmtpAddress, password!, ct);
            if (!result.IsSuccess)
                return DirectoryMessages.Failure(result, $"the mailbox {user.PrimarySmtpAddress}");
            CliOutput.Line($"Password set for {user.PrimarySmtpAddress}.");
            return null;
        }));
        return command;
    }

    public static string KindName(RecipientKind kind) => kind switch
    {
        RecipientKind.Room => "room",
        RecipientKind.Equipment => "equipment",
        RecipientKind.Group => "group",
        _ => "user",
    };
}
