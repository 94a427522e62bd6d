using System.CommandLine;
using Spectre.Console;

namespace Bourse.Server.Cli;

/// <summary><c>bourse group new|list|add-member|remove-member</c>: distribution groups.</summary>
internal static class GroupCommand
{
    public static Command Create()
    {
        var command = new Command("group", "Create distribution groups and manage their members.");
        command.Subcommands.Add(CreateNew());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateMemberVerb("add-member", "Add a mailbox or group to a group.", add: true));
        command.Subcommands.Add(CreateMemberVerb("remove-member", "Remove a member from a group.", add: false));
        return command;
    }

    private static Command CreateNew()
    {
        var address = new Argument<string>("ADDRESS") { Description = "The group's SMTP address." };
        var name = new Option<string?>("--name") { Description = "Display name.", HelpName = "NAME" };
        var command = new Command("new", "Create a distribution group.") { address, name };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var text = parse.GetValue(address)!;
            if (await data.Directory.ResolveAsync(text, ct) is not null)
                return new CliFailure($"the address {text} is already in use.");
            var result = await data.Directory.CreateGroupAsync(text, parse.GetValue(name), ct);
            if (!result.IsSuccess)
                return DirectoryMessages.Failure(result, $"the group {text}");
            CliOutput.Line($"Created group {result.Value.PrimarySmtpAddress} ({result.Value.DisplayName}).");
            return null;
        }));
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List distribution groups and their members.");
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var groups = await data.Directory.ListGroupsAsync(ct);
            if (groups.Count == 0)
            {
                CliOutput.Line("No groups yet; create one with 'bourse group new ADDRESS'.");
                return null;
            }
            var table = new Table().AddColumns("Address", "Name", "Members");
            foreach (var group in groups.OrderBy(g => g.PrimarySmtpAddress, StringComparer.OrdinalIgnoreCase))
                table.AddRow(new Text(group.PrimarySmtpAddress), new Text(group.DisplayName), new Text(string.Join(", ", group.Members)));
            CliOutput.Console.Write(table);
            return null;
        }));
        return command;
    }

    private static Command CreateMemberVerb(string name, string description, bool add)
    {
        var group = new Argument<string>("GROUP") { Description = "The group's address." };
        var member = new Argument<string>("MEMBER") { Description = "The member's address (a mailbox or another group)." };
        var command = new Command(name, description) { group, member };
        command.SetAction((parse, _) => CommandContext.RunAsync(parse, async (data, ct) =>
        {
            var groupText = parse.GetValue(group)!;
            var memberText = parse.GetValue(member)!;
            if (await data.Directory.FindGroupAsync(groupText, ct) is null)
                return new CliFailure($"no group has the address {groupText}.");
            if (add && await data.Directory.ResolveAsync(memberText, ct) is null)
                return new CliFailure($"no mailbox or group has the address {memberText}.");
            var result = add
                ? await data.Directory.AddGroupMemberAsync(groupText, memberText, ct)
                : await data.Directory.RemoveGroupMemberAsync(groupText, memberText, ct);
            if (!result.IsSuccess)
                return DirectoryMessages.Failure(result, $"the member {memberText}");
            CliOutput.Line(add ? $"Added {memberText} to {groupText}." : $"Removed {memberText} from {groupText}.");
            return null;
        }));
        return command;
    }
}
