using Bourse.Core.Model;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Cli;

/// <summary><c>bourse deliver</c>: local delivery from standard input or a file, with sysexits.h exit codes for an MTA.</summary>
public sealed class DeliverCommandTests : IDisposable
{
    private const string Message = "From: Carol <carol@example.com>\r\nTo: erin@cli.test\r\nSubject: Piped in\r\nMessage-ID: <p1@example.com>\r\n\r\nHello through the pipe.\r\n";

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(string? stdin, params string[] args) => BourseProcess.RunAsync([.. args, "--data", _data.Path], stdin);

    [Fact]
    public async Task DeliversFromStandardInputAndFileToUsersAliasesAndGroups()
    {
        Assert.Equal(0, (await Run(null, "mailbox", "new", "erin@cli.test")).ExitCode);
        Assert.Equal(0, (await Run(null, "mailbox", "new", "finn@cli.test")).ExitCode);
        Assert.Equal(0, (await Run(null, "alias", "add", "erin@cli.test", "e@cli.test")).ExitCode);
        Assert.Equal(0, (await Run(null, "group", "new", "team@cli.test")).ExitCode);
        Assert.Equal(0, (await Run(null, "group", "add-member", "team@cli.test", "finn@cli.test")).ExitCode);

        var piped = await Run(Message, "deliver", "e@cli.test");
        Assert.True(piped.ExitCode == 0, piped.ToString());
        Assert.Contains("e@cli.test: delivered to erin@cli.test", piped.Stdout, StringComparison.Ordinal);
        var file = _data.Combine("m.eml");
        await File.WriteAllTextAsync(file, Message.Replace("Piped in", "From a file", StringComparison.Ordinal));
        var fromFile = await Run(null, "deliver", "--file", file, "team@cli.test", "erin@cli.test");
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());

        await using var inspector = await StoreInspector.OpenAsync(_data.Path);
        foreach (var (who, subjects) in new[] { ("erin@cli.test", new[] { "From a file", "Piped in" }), ("finn@cli.test", ["From a file"]) })
        {
            var mailbox = await inspector.MailboxOfAsync(who);
            var inbox = (await inspector.Store.GetWellKnownFolderAsync(mailbox, WellKnownFolder.Inbox))!;
            var page = await inspector.Store.ListItemsAsync(mailbox, inbox.Id, new Bourse.Storage.ItemQuery { SortBy = Bourse.Storage.ItemSortField.Subject, Descending = false });
            Assert.Equal(subjects.Order(), page.Items.Select(i => i.Subject).Order());
        }
    }

    [Fact]
    public async Task FailuresUseSysexitsCodesAndStillDeliverToTheOthers()
    {
        Assert.Equal(0, (await Run(null, "mailbox", "new", "erin@cli.test")).ExitCode);
        var unknown = await Run(Message, "deliver", "nobody@cli.test", "erin@cli.test");
        Assert.Equal(67, unknown.ExitCode);
        Assert.Contains("nobody@cli.test: no such recipient", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("erin@cli.test: delivered to erin@cli.test", unknown.Stdout, StringComparison.Ordinal);
        Assert.Equal(67, (await Run(Message, "deliver", "someone@elsewhere.example")).ExitCode);
        Assert.Equal(65, (await Run("", "deliver", "erin@cli.test")).ExitCode);
        Assert.Equal(65, (await Run(null, "deliver", "--file", _data.Combine("missing.eml"), "erin@cli.test")).ExitCode);
        Assert.Equal(2, (await Run(null, "deliver")).ExitCode);
    }
}
