using System.Globalization;
using Bourse.Core.Ids;
using Bourse.Directory.Devices;
using Bourse.Server.Tests.Infrastructure;

namespace Bourse.Server.Tests.Cli;

/// <summary>
/// <c>bourse device …</c> through the real executable. Partnerships are made the way the ActiveSync endpoint makes them:
/// RecordContactAsync on the data directory's directory, opened in this process (a second process, as the server is).
/// </summary>
public sealed class DeviceCommandTests : IDisposable
{
    private static readonly DeviceContact Iphone = new("ApplF17XQ0FAKE", "iPhone", "Apple-iPhone14C4/2008.98", "16.1");
    private static readonly DeviceContact Android = new("androidc1234567", "Android", "Android-Mail/2024.01.07", "14.1");

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private Task<CliResult> Run(params string[] args) => BourseProcess.RunAsync([.. args, "--data", _data.Path]);

    private async Task<MailboxId> CreateMailboxAsync(string address)
    {
        var created = await Run("mailbox", "new", address);
        Assert.True(created.ExitCode == 0, created.ToString());
        await using var inspector = await StoreInspector.OpenAsync(_data.Path);
        return await inspector.MailboxOfAsync(address);
    }

    private async Task<DevicePartnership> RecordAsync(MailboxId mailbox, DeviceContact contact, DeviceAccessState access = DeviceAccessState.Allowed)
    {
        await using var inspector = await StoreInspector.OpenAsync(_data.Path);
        return await inspector.Directory.RecordContactAsync(mailbox, contact, access);
    }

    private async Task<DevicePartnership?> DeviceAsync(MailboxId mailbox, string deviceId)
    {
        await using var inspector = await StoreInspector.OpenAsync(_data.Path);
        return await inspector.Directory.GetDeviceAsync(mailbox, deviceId);
    }

    private static string[] Row(CliResult list, string deviceId) =>
        list.Stdout.Split('\n').Single(l => l.Contains(deviceId, StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries)[1..^1];

    private static string Minutes(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ListShowsEveryDeviceWithWhatItReportedAndFiltersByUser()
    {
        var alice = await CreateMailboxAsync("alice@cli.test");
        var bob = await CreateMailboxAsync("bob@cli.test");
        Assert.Equal(0, (await Run("alias", "add", "alice@cli.test", "ally@cli.test")).ExitCode);
        var iphone = await RecordAsync(alice, Iphone);
        var android = await RecordAsync(bob, Android, DeviceAccessState.Quarantined);
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            Assert.True((await inspector.Directory.SetDeviceInformationAsync(alice, Iphone.DeviceId,
                new() { Model = "iPhone14,4", OperatingSystem = "iOS 16.1.1 20B101" })).IsSuccess);
            Assert.True((await inspector.Directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, 3_000_000_001, acknowledged: true)).IsSuccess);
            Assert.True((await inspector.Directory.SetDevicePolicyAsync(bob, Android.DeviceId, 17, acknowledged: false)).IsSuccess);
        }

        var list = await Run("device", "list");

        Assert.True(list.ExitCode == 0, list.ToString());
        var header = list.Stdout.Split('\n').First(l => l.Contains("Device ID", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries)[1..^1];
        Assert.Equal(["User", "Device ID", "Type", "Model", "OS", "User agent", "Protocol", "First sync (UTC)", "Last sync (UTC)", "Policy", "Access", "Wipe"], header);
        Assert.Equal(["alice@cli.test", "ApplF17XQ0FAKE", "iPhone", "iPhone14,4", "iOS 16.1.1 20B101", "Apple-iPhone14C4/2008.98", "16.1",
            Minutes(iphone.FirstSyncUtc), Minutes(iphone.LastSyncUtc), "applied", "allowed", "none"], Row(list, "ApplF17XQ0FAKE"));
        Assert.Equal(["bob@cli.test", "androidc1234567", "Android", "-", "-", "Android-Mail/2024.01.07", "14.1",
            Minutes(android.FirstSyncUtc), Minutes(android.LastSyncUtc), "temporary", "quarantined", "none"], Row(list, "androidc1234567"));

        // USER is any address or login of the user, in any case.
        foreach (var user in new[] { "ally@cli.test", "ALICE@cli.test" })
        {
            var mine = await Run("device", "list", user);
            Assert.True(mine.ExitCode == 0, mine.ToString());
            Assert.Contains("ApplF17XQ0FAKE", mine.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("androidc1234567", mine.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ListSaysSoWhenThereAreNoDevices()
    {
        await CreateMailboxAsync("carol@cli.test");

        var none = await Run("device", "list");
        var carols = await Run("device", "list", "carol@cli.test");

        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains("No mobile devices yet", none.Stdout, StringComparison.Ordinal);
        Assert.True(carols.ExitCode == 0, carols.ToString());
        Assert.Contains("carol@cli.test has no mobile devices.", carols.Stdout, StringComparison.Ordinal);
        (await Run("device", "list", "ghost@cli.test")).AssertOneLineFailure(1);
    }

    [Fact]
    public async Task WipeRequestsCancelsAndRequestsAnAccountOnlyWipe()
    {
        var dana = await CreateMailboxAsync("dana@cli.test");
        await RecordAsync(dana, Iphone);

        var before = DateTime.UtcNow.AddSeconds(-1);
        var wipe = await Run("device", "wipe", "dana@cli.test", "applf17xq0fake");
        Assert.True(wipe.ExitCode == 0, wipe.ToString());
        Assert.Contains("ApplF17XQ0FAKE", wipe.Stdout, StringComparison.Ordinal);
        var pending = (await DeviceAsync(dana, Iphone.DeviceId))!;
        Assert.Equal(DeviceWipeStatus.WipePending, pending.Wipe);
        Assert.InRange(pending.WipeRequestedUtc!.Value, before, DateTime.UtcNow.AddSeconds(1));
        // What the server sees on the device's next request, without waiting for any cache.
        Assert.Equal(DeviceWipeStatus.WipePending, (await RecordAsync(dana, Iphone)).Wipe);
        Assert.Equal("wipe pending", Row(await Run("device", "list"), Iphone.DeviceId)[11]);

        var again = await Run("device", "wipe", "dana@cli.test", Iphone.DeviceId);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already requested", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(pending.WipeRequestedUtc, (await DeviceAsync(dana, Iphone.DeviceId))!.WipeRequestedUtc);

        var cancel = await Run("device", "wipe", "--cancel", "dana@cli.test", Iphone.DeviceId);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        var cancelled = (await DeviceAsync(dana, Iphone.DeviceId))!;
        Assert.Equal((DeviceWipeStatus.None, (DateTime?)null), (cancelled.Wipe, cancelled.WipeRequestedUtc));
        var nothing = await Run("device", "wipe", "--cancel", "dana@cli.test", Iphone.DeviceId);
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("No remote wipe is pending", nothing.Stdout, StringComparison.Ordinal);

        var accountOnly = await Run("device", "wipe", "dana@cli.test", Iphone.DeviceId, "--account-only");
        Assert.True(accountOnly.ExitCode == 0, accountOnly.ToString());
        Assert.Equal(DeviceWipeStatus.AccountOnlyWipePending, (await DeviceAsync(dana, Iphone.DeviceId))!.Wipe);
        Assert.Equal("account wipe pending", Row(await Run("device", "list", "dana@cli.test"), Iphone.DeviceId)[11]);
    }

    [Fact]
    public async Task AWipedDeviceCannotBeCancelledOnlyRemoved()
    {
        var erin = await CreateMailboxAsync("erin@cli.test");
        await RecordAsync(erin, Android);
        Assert.Equal(0, (await Run("device", "wipe", "erin@cli.test", Android.DeviceId)).ExitCode);
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            Assert.True((await inspector.Directory.SetDeviceWipeAsync(erin, Android.DeviceId, DeviceWipeStatus.WipeSent)).IsSuccess);
            Assert.True((await inspector.Directory.SetDeviceWipeAsync(erin, Android.DeviceId, DeviceWipeStatus.WipeAcknowledged)).IsSuccess);
        }

        Assert.Equal("wiped", Row(await Run("device", "list"), Android.DeviceId)[11]);
        (await Run("device", "wipe", "--cancel", "erin@cli.test", Android.DeviceId)).AssertOneLineFailure(1);
        (await Run("device", "wipe", "erin@cli.test", Android.DeviceId, "--account-only")).AssertOneLineFailure(1);
        Assert.Equal(DeviceWipeStatus.WipeAcknowledged, (await DeviceAsync(erin, Android.DeviceId))!.Wipe);

        var removed = await Run("device", "remove", "erin@cli.test", Android.DeviceId);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Null(await DeviceAsync(erin, Android.DeviceId));
    }

    [Fact]
    public async Task BlockQuarantineAllowAndRemove()
    {
        var fay = await CreateMailboxAsync("fay@cli.test");
        await RecordAsync(fay, Iphone);
        await RecordAsync(fay, Android);

        foreach (var (verb, access, shown) in new[]
                 {
                     ("block", DeviceAccessState.Blocked, "blocked"),
                     ("quarantine", DeviceAccessState.Quarantined, "quarantined"),
                     ("allow", DeviceAccessState.Allowed, "allowed"),
                     ("block", DeviceAccessState.Blocked, "blocked"),
                 })
        {
            var result = await Run("device", verb, "FAY@cli.test", "APPLF17XQ0FAKE");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(access, (await DeviceAsync(fay, Iphone.DeviceId))!.Access);
            Assert.Equal(access, (await RecordAsync(fay, Iphone)).Access);
            Assert.Equal(shown, Row(await Run("device", "list"), Iphone.DeviceId)[10]);
        }
        Assert.Equal(DeviceAccessState.Allowed, (await DeviceAsync(fay, Android.DeviceId))!.Access);

        // The device's ActiveSync states in the mailbox go with the partnership; another device's stay.
        var iphoneKey = Iphone.DeviceId.ToLowerInvariant();
        var androidKey = Android.DeviceId.ToLowerInvariant();
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            foreach (var key in new[] { $"eas/{iphoneKey}/fs/0000000001", $"eas/{iphoneKey}/ping", $"eas-recovery-password/{iphoneKey}", $"eas/{androidKey}/ping" })
                Assert.True((await inspector.Store.SetStateAsync(fay, key, [1])).IsSuccess);
        }

        var removed = await Run("device", "remove", "fay@cli.test", Iphone.DeviceId);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Null(await DeviceAsync(fay, Iphone.DeviceId));
        Assert.NotNull(await DeviceAsync(fay, Android.DeviceId));
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
        {
            Assert.Equal([$"eas/{androidKey}/ping"], await inspector.Store.ListStateKeysAsync(fay, "eas"));
        }
        (await Run("device", "remove", "fay@cli.test", Iphone.DeviceId)).AssertOneLineFailure(1);
    }

    [Fact]
    public async Task UnknownUserOrDeviceFailsWithOneSentence()
    {
        var gil = await CreateMailboxAsync("gil@cli.test");
        await RecordAsync(gil, Iphone);
        await CreateMailboxAsync("hal@cli.test");

        foreach (var verb in new[] { "wipe", "block", "allow", "quarantine", "remove" })
        {
            (await Run("device", verb, "ghost@cli.test", Iphone.DeviceId)).AssertOneLineFailure(1);
            (await Run("device", verb, "gil@cli.test", "NoSuchDevice")).AssertOneLineFailure(1);
            // Another user's device is not this user's.
            (await Run("device", verb, "hal@cli.test", Iphone.DeviceId)).AssertOneLineFailure(1);
        }
        (await Run("device", "wipe", "--cancel", "ghost@cli.test", Iphone.DeviceId)).AssertOneLineFailure(1);
        var device = (await DeviceAsync(gil, Iphone.DeviceId))!;
        Assert.Equal((DeviceAccessState.Allowed, DeviceWipeStatus.None), (device.Access, device.Wipe));
    }

    [Theory]
    [InlineData("device")]
    [InlineData("device", "frobnicate")]
    [InlineData("device", "wipe", "only-user@cli.test")]
    [InlineData("device", "wipe", "u@cli.test", "Dev1", "--cancel", "--account-only")]
    [InlineData("device", "block", "u@cli.test")]
    [InlineData("device", "remove", "u@cli.test", "Dev1", "extra")]
    [InlineData("device", "list", "u@cli.test", "extra")]
    public async Task UsageErrorsExitWith2AndOneLine(params string[] args)
    {
        (await Run(args)).AssertOneLineFailure(2);
    }

    [Fact]
    public async Task RemovingTheMailboxRemovesItsDevices()
    {
        var ivy = await CreateMailboxAsync("ivy@cli.test");
        var jon = await CreateMailboxAsync("jon@cli.test");
        await RecordAsync(ivy, Iphone);
        await RecordAsync(jon, Android);

        Assert.Equal(0, (await Run("mailbox", "remove", "ivy@cli.test")).ExitCode);

        var list = await Run("device", "list");
        Assert.DoesNotContain(Iphone.DeviceId, list.Stdout, StringComparison.Ordinal);
        Assert.Contains(Android.DeviceId, list.Stdout, StringComparison.Ordinal);
        Assert.Null(await DeviceAsync(ivy, Iphone.DeviceId));
    }

    [Fact]
    public async Task WhatADeviceSentCannotReachTheTerminalAsControlCharacters()
    {
        var kim = await CreateMailboxAsync("kim@cli.test");
        await RecordAsync(kim, Iphone with { UserAgent = "Evil\u001b[2J\u001b]0;pwned\u0007\u202eAgent" });
        await using (var inspector = await StoreInspector.OpenAsync(_data.Path))
            await inspector.Directory.SetDeviceInformationAsync(kim, Iphone.DeviceId, new() { Model = "Model\r\nX", OperatingSystem = new string('o', 500) });

        var list = await Run("device", "list");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.DoesNotContain('\u001b', list.Stdout);
        Assert.DoesNotContain('\u0007', list.Stdout);
        Assert.DoesNotContain('\u202e', list.Stdout);
        var row = Row(list, Iphone.DeviceId);
        Assert.Equal("Model??X", row[3]);
        Assert.EndsWith("…", row[4], StringComparison.Ordinal);
        Assert.StartsWith("Evil?[2J?]0;pwned??Agent", row[5], StringComparison.Ordinal);
    }
}
