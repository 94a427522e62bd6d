using Bourse.Directory;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Cli;

public sealed class MailboxCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(params string[] args) => BourseProcess.RunAsync([.. args, "--data", _data.Path]);

    private Task<CliResult> RunWithStdin(string stdin, params string[] args) => BourseProcess.RunAsync([.. args, "--data", _data.Path], stdin);

    [Fact]
    public async Task NewListSetPasswordAndRemoveAMailbox()
    {
        var created = await RunWithStdin("first-password\n", "mailbox", "new", "erin@cli.test", "--name", "Erin Example", "--password-stdin");
        Assert.True(created.ExitCode == 0, created.ToString());
        var room = await Run("mailbox", "new", "room7@cli.test", "--room");
        Assert.True(room.ExitCode == 0, room.ToString());
        var gear = await Run("mailbox", "new", "projector@cli.test", "--equipment", "--name", "Projector");
        Assert.True(gear.ExitCode == 0, gear.ToString());

        var list = await Run("mailbox", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        var erin = list.Stdout.Split('\n').Single(l => l.Contains("erin@cli.test", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries);
        Assert.Equal(["erin@cli.test", "Erin Example", "user", "DB01", "0"], erin[1..6]);
        Assert.Contains("room", list.Stdout.Split('\n').Single(l => l.Contains("room7@cli.test", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("equipment", list.Stdout.Split('\n').Single(l => l.Contains("projector@cli.test", StringComparison.Ordinal)), StringComparison.Ordinal);

        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            Assert.NotNull(await inspector.Directory.AuthenticateAsync("erin@cli.test", "first-password"));
            var user = await inspector.Directory.FindUserByAddressAsync("erin@cli.test");
            Assert.NotNull(await inspector.Store.GetMailboxAsync(user!.MailboxId));
            Assert.Equal(RecipientKind.Room, (await inspector.Directory.FindUserByAddressAsync("room7@cli.test"))!.Kind);
        }

        var changed = await RunWithStdin("second-password\n", "mailbox", "set-password", "erin@cli.test", "--password-stdin");
        Assert.True(changed.ExitCode == 0, changed.ToString());
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            Assert.Null(await inspector.Directory.AuthenticateAsync("erin@cli.test", "first-password"));
            Assert.NotNull(await inspector.Directory.AuthenticateAsync("erin@cli.test", "second-password"));
        }

        var removed = await Run("mailbox", "remove", "erin@cli.test");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        var after = await Run("mailbox", "list");
        Assert.DoesNotContain("erin@cli.test", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateAddressFailsWithOneSentence()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "dup@cli.test")).ExitCode);
        (await Run("mailbox", "new", "dup@cli.test")).AssertOneLineFailure(1);
        Assert.Equal(0, (await Run("group", "new", "grp@cli.test")).ExitCode);
        (await Run("mailbox", "new", "grp@cli.test")).AssertOneLineFailure(1);
        (await Run("group", "new", "dup@cli.test")).AssertOneLineFailure(1);
    }

    [Fact]
    public async Task UnknownMailboxFailsWithOneSentence()
    {
        (await Run("mailbox", "remove", "ghost@cli.test")).AssertOneLineFailure(1);
        (await RunWithStdin("whatever-pass\n", "mailbox", "set-password", "ghost@cli.test", "--password-stdin")).AssertOneLineFailure(1);
        (await Run("alias", "add", "ghost@cli.test", "spirit@cli.test")).AssertOneLineFailure(1);
        (await Run("import", "ghost@cli.test", _data.Path)).AssertOneLineFailure(1);
        (await Run("export", "ghost@cli.test", _data.Combine("out"))).AssertOneLineFailure(1);
    }

    [Fact]
    public async Task WeakOrMissingPasswordIsRefused()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "weak@cli.test")).ExitCode);
        (await RunWithStdin("short\n", "mailbox", "set-password", "weak@cli.test", "--password-stdin")).AssertOneLineFailure(1);
        (await RunWithStdin("", "mailbox", "set-password", "weak@cli.test", "--password-stdin")).AssertOneLineFailure(2);
    }

    [Theory]
    [InlineData("mailbox", "frobnicate")]
    [InlineData("mailbox", "new")]
    [InlineData("mailbox", "new", "x@cli.test", "--room", "--equipment")]
    [InlineData("mailbox", "set-password", "x@cli.test")]
    [InlineData("nonsense")]
    [InlineData("alias", "add", "only-one@cli.test")]
    public async Task UsageErrorsExitWith2AndOneLine(params string[] args)
    {
        (await Run(args)).AssertOneLineFailure(2);
    }

    [Fact]
    public async Task AliasesAddAndRemove()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "fay@cli.test")).ExitCode);
        var added = await Run("alias", "add", "fay@cli.test", "f.example@cli.test");
        Assert.True(added.ExitCode == 0, added.ToString());
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
            Assert.Equal("fay@cli.test", (await inspector.Directory.FindUserByAddressAsync("f.example@cli.test"))?.PrimarySmtpAddress);

        Assert.Equal(0, (await Run("mailbox", "new", "gil@cli.test")).ExitCode);
        (await Run("alias", "add", "gil@cli.test", "f.example@cli.test")).AssertOneLineFailure(1);
        (await Run("alias", "add", "gil@cli.test", "fay@cli.test")).AssertOneLineFailure(1);
        Assert.Equal(0, (await Run("alias", "remove", "fay@cli.test", "f.example@cli.test")).ExitCode);
        (await Run("alias", "remove", "fay@cli.test", "f.example@cli.test")).AssertOneLineFailure(1);
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
            Assert.Null(await inspector.Directory.FindUserByAddressAsync("f.example@cli.test"));
    }

    [Fact]
    public async Task GroupsAndMembers()
    {
        Assert.Equal(0, (await Run("mailbox", "new", "gus@cli.test")).ExitCode);
        Assert.Equal(0, (await Run("mailbox", "new", "hal@cli.test")).ExitCode);
        var created = await Run("group", "new", "sales@cli.test", "--name", "Sales Team");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(0, (await Run("group", "add-member", "sales@cli.test", "gus@cli.test")).ExitCode);
        Assert.Equal(0, (await Run("group", "add-member", "sales@cli.test", "hal@cli.test")).ExitCode);
        (await Run("group", "add-member", "sales@cli.test", "nobody@cli.test")).AssertOneLineFailure(1);
        (await Run("group", "add-member", "nogroup@cli.test", "gus@cli.test")).AssertOneLineFailure(1);
        Assert.Equal(0, (await Run("group", "remove-member", "sales@cli.test", "hal@cli.test")).ExitCode);
        (await Run("group", "remove-member", "sales@cli.test", "hal@cli.test")).AssertOneLineFailure(1);

        var list = await Run("group", "list");
        var row = list.Stdout.Split('\n').Single(l => l.Contains("sales@cli.test", StringComparison.Ordinal));
        Assert.Contains("Sales Team", row, StringComparison.Ordinal);
        Assert.Contains("gus@cli.test", row, StringComparison.Ordinal);
        Assert.DoesNotContain("hal@cli.test", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataDirectoryDefaultsToBourseDataVariable()
    {
        var info = BourseProcess.StartInfo(["mailbox", "new", "env@cli.test"], redirectInput: false);
        info.Environment["BOURSE_DATA"] = _data.Path;
        using (var process = System.Diagnostics.Process.Start(info)!)
        {
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
        }
        var list = await Run("mailbox", "list");
        Assert.Contains("env@cli.test", list.Stdout, StringComparison.Ordinal);
    }
}
