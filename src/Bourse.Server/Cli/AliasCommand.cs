using System.CommandLine;

namespace Bourse.Server.Cli;

/// <summary><c>bourse alias add|remove ADDRESS ALIAS</c>: extra SMTP addresses (proxy addresses) of a mailbox.</summary>
internal static class AliasCommand
{
    public static Command Create()
    {
        var command = new Command("alias", "Add or remove a mailbox's alias addresses.");
        command.Subcommands.Add(CreateVerb("add", "Add an alias address to a mailbox.", add: true));
        command.Subcommands.Add(CreateVerb("remove", "Remove an alias address from a mailbox.", add: false));
        return command;
    }

    private static Command CreateVerb(string name, string description, bool add)
    {
        var address = new Argument<string>("ADDRESS") { Description = "The mailbox's address." };
        var alias = new Argument<string>("ALIAS") { Description = "The alias address." };
        var command = new Command(name, description) { address, alias };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var text = parse.GetValue(address)!;
            var aliasText = parse.GetValue(alias)!;
            var user = await data.Directory.FindUserByAddressAsync(text, ct);
            if (user is null)
                return new CliFailure($"no mailbox has the address {text}.");
            if (add && await data.Directory.ResolveAsync(aliasText, ct) is { } owner
                && !(owner.User?.MailboxId == user.MailboxId))
                return new CliFailure($"the address {aliasText} is already in use.");
            var result = add
                ? await data.Directory.AddAliasAsync(user.PrimarySmtpAddress, aliasText, ct)
                : await data.Directory.RemoveAliasAsync(user.PrimarySmtpAddress, aliasText, ct);
            if (!result.IsSuccess)
                return DirectoryMessages.Failure(result, $"the alias {aliasText}");
            CliOutput.Line(add ? $"Added alias {aliasText} to {user.PrimarySmtpAddress}." : $"Removed alias {aliasText} from {user.PrimarySmtpAddress}.");
            return null;
        }));
        return command;
    }
}
