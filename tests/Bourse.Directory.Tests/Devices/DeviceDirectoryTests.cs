using Bourse.Core.Ids;
using Bourse.Directory.Devices;
using Bourse.Directory.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Tests.Devices;

/// <summary>
/// Mobile device partnerships in the built-in directory (<see cref="IDeviceDirectory"/> on <see cref="SqliteDirectory"/>).
/// The clock is fake: first/last sync, policy and wipe times are exact.
/// </summary>
public sealed class DeviceDirectoryTests
{
    private static readonly DeviceContact Iphone = new("ApplC39GQ0FAKE", "iPhone", "Apple-iPhone13C2/2104.122", "16.1");

    private static async Task<(TestDataDirectory Data, SqliteDirectory Directory, MailboxId Alice)> OpenWithAliceAsync()
    {
        var data = new TestDataDirectory();
        var directory = await data.OpenAsync();
        var alice = (await directory.CreateUserAsync(new("alice@contoso.com"))).Value;
        return (data, directory, alice.MailboxId);
    }

    [Fact]
    public async Task FirstContactCreatesThePartnership()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var now = data.Time.Now.UtcDateTime;

        var created = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Quarantined);

        Assert.Equal(alice, created.Mailbox);
        Assert.Equal("ApplC39GQ0FAKE", created.DeviceId);
        Assert.Equal("iPhone", created.DeviceType);
        Assert.Equal("Apple-iPhone13C2/2104.122", created.UserAgent);
        Assert.Equal("16.1", created.ProtocolVersion);
        Assert.Equal(new DeviceInformation(), created.Information);
        Assert.Equal(now, created.FirstSyncUtc);
        Assert.Equal(now, created.LastSyncUtc);
        Assert.Equal(DateTimeKind.Utc, created.LastSyncUtc.Kind);
        Assert.Null(created.PolicyKey);
        Assert.Null(created.PolicyAppliedUtc);
        Assert.Equal(DeviceAccessState.Quarantined, created.Access);
        Assert.Equal(DeviceWipeStatus.None, created.Wipe);
        Assert.Null(created.WipeRequestedUtc);
        Assert.Null(created.WipeAcknowledgedUtc);
        Assert.False(created.IsWipePending);
        Assert.Equal(created, await directory.GetDeviceAsync(alice, "ApplC39GQ0FAKE"));
    }

    [Fact]
    public async Task DeviceIdsCompareCaseInsensitivelyAndKeepTheSpellingFirstSent()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        data.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await directory.RecordContactAsync(alice, Iphone with { DeviceId = "APPLC39GQ0FAKE" }, DeviceAccessState.Blocked);

        Assert.Equal("ApplC39GQ0FAKE", again.DeviceId);
        Assert.Equal(DeviceAccessState.Allowed, again.Access);
        Assert.Single(await directory.ListDevicesAsync(alice));
        Assert.Equal("ApplC39GQ0FAKE", (await directory.GetDeviceAsync(alice, "applc39gq0fake"))!.DeviceId);
        Assert.True((await directory.SetDeviceAccessAsync(alice, "aPPLc39gq0fake", DeviceAccessState.Blocked)).IsSuccess);
        Assert.True((await directory.SetDeviceWipeAsync(alice, "APPLC39GQ0FAKE", DeviceWipeStatus.WipePending)).IsSuccess);
        Assert.True((await directory.SetDevicePolicyAsync(alice, "applc39gq0fake", 7, false)).IsSuccess);
        Assert.True((await directory.SetDeviceInformationAsync(alice, "APPLc39gq0fake", new() { Model = "iPhone13,2" })).IsSuccess);
        Assert.True(await directory.RemoveDeviceAsync(alice, "APPLC39GQ0FAKE"));
        Assert.Empty(await directory.ListDevicesAsync());
    }

    [Fact]
    public async Task TwoMailboxesWithTheSameDeviceIdKeepSeparatePartnerships()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var bob = (await directory.CreateUserAsync(new("bob@contoso.com"))).Value.MailboxId;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        await directory.RecordContactAsync(bob, Iphone with { DeviceId = "applc39gq0fake", DeviceType = "iPad" }, DeviceAccessState.Quarantined);

        Assert.True((await directory.SetDeviceWipeAsync(bob, "ApplC39GQ0FAKE", DeviceWipeStatus.WipePending)).IsSuccess);
        Assert.True((await directory.SetDeviceAccessAsync(alice, "ApplC39GQ0FAKE", DeviceAccessState.Blocked)).IsSuccess);

        var aliceDevice = (await directory.GetDeviceAsync(alice, "APPLC39GQ0FAKE"))!;
        var bobDevice = (await directory.GetDeviceAsync(bob, "APPLC39GQ0FAKE"))!;
        Assert.Equal(("ApplC39GQ0FAKE", "iPhone", DeviceAccessState.Blocked, DeviceWipeStatus.None),
            (aliceDevice.DeviceId, aliceDevice.DeviceType, aliceDevice.Access, aliceDevice.Wipe));
        Assert.Equal(("applc39gq0fake", "iPad", DeviceAccessState.Quarantined, DeviceWipeStatus.WipePending),
            (bobDevice.DeviceId, bobDevice.DeviceType, bobDevice.Access, bobDevice.Wipe));

        Assert.True(await directory.RemoveDeviceAsync(bob, "applc39gq0fake"));
        Assert.NotNull(await directory.GetDeviceAsync(alice, "ApplC39GQ0FAKE"));
        Assert.Null(await directory.GetDeviceAsync(bob, "ApplC39GQ0FAKE"));
    }

    [Fact]
    public async Task UnknownOrMalformedDevicesAreNotFound()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);

        foreach (var id in new[] { "NoSuchDevice", "", " ", "Appl C39", "Appl\u0001", new string('A', SqliteDirectory.MaxDeviceIdLength + 1), null! })
        {
            Assert.Null(await directory.GetDeviceAsync(alice, id));
            Assert.Equal(DirectoryError.NotFound, (await directory.SetDeviceAccessAsync(alice, id, DeviceAccessState.Blocked)).Error);
            Assert.Equal(DirectoryError.NotFound, (await directory.SetDeviceWipeAsync(alice, id, DeviceWipeStatus.WipePending)).Error);
            Assert.Equal(DirectoryError.NotFound, (await directory.SetDevicePolicyAsync(alice, id, 1, true)).Error);
            Assert.Equal(DirectoryError.NotFound, (await directory.SetDeviceInformationAsync(alice, id, new() { Model = "x" })).Error);
            Assert.False(await directory.RemoveDeviceAsync(alice, id));
        }

        var stranger = MailboxId.New();
        Assert.Null(await directory.GetDeviceAsync(stranger, Iphone.DeviceId));
        Assert.Empty(await directory.ListDevicesAsync(stranger));
        Assert.Equal(DirectoryError.NotFound, (await directory.SetDeviceAccessAsync(stranger, Iphone.DeviceId, DeviceAccessState.Blocked)).Error);
        Assert.False(await directory.RemoveDeviceAsync(stranger, Iphone.DeviceId));
    }

    [Fact]
    public async Task RecordContactRefusesMalformedContactsAndMailboxesWithoutAUser()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;

        await Assert.ThrowsAsync<ArgumentNullException>(() => directory.RecordContactAsync(alice, null!, DeviceAccessState.Allowed).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => directory.RecordContactAsync(alice, Iphone with { DeviceId = "" }, DeviceAccessState.Allowed).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => directory.RecordContactAsync(alice, Iphone with { DeviceId = "a b" }, DeviceAccessState.Allowed).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() =>
            directory.RecordContactAsync(alice, Iphone with { DeviceId = new string('A', SqliteDirectory.MaxDeviceIdLength + 1) }, DeviceAccessState.Allowed).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => directory.RecordContactAsync(alice, Iphone with { DeviceType = "" }, DeviceAccessState.Allowed).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => directory.RecordContactAsync(alice, Iphone, (DeviceAccessState)9).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => directory.RecordContactAsync(MailboxId.New(), Iphone, DeviceAccessState.Allowed).AsTask());

        Assert.Empty(await directory.ListDevicesAsync());
        // The longest DeviceId is kept whole; an overlong user agent is cut, not refused (it comes from a header).
        var longest = new string('Z', SqliteDirectory.MaxDeviceIdLength);
        var kept = await directory.RecordContactAsync(alice, Iphone with { DeviceId = longest, UserAgent = new string('u', 5000) }, DeviceAccessState.Allowed);
        Assert.Equal(longest, kept.DeviceId);
        Assert.Equal(SqliteDirectory.MaxDeviceTextLength, kept.UserAgent!.Length);
    }

    [Fact]
    public async Task AKnownUnchangedDeviceWithinAMinuteIsOneReadAndNoWrite()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var first = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        await using var watch = await DataVersionWatch.OpenAsync(data.DatabasePath);

        data.Time.Advance(TimeSpan.FromSeconds(59));
        var again = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Blocked);
        // A request without a user agent or protocol version (OPTIONS, say) changes nothing either.
        var bare = await directory.RecordContactAsync(alice, Iphone with { UserAgent = null, ProtocolVersion = null }, DeviceAccessState.Allowed);

        Assert.Equal(first, again);
        Assert.Equal(first, bare);
        Assert.False(await watch.ChangedAsync());
    }

    [Fact]
    public async Task LastSyncIsWrittenOnceItIsAMinuteOld()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var first = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        await using var watch = await DataVersionWatch.OpenAsync(data.DatabasePath);

        data.Time.Advance(TimeSpan.FromMinutes(1));
        var later = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);

        Assert.True(await watch.ChangedAsync());
        Assert.Equal(first.FirstSyncUtc, later.FirstSyncUtc);
        Assert.Equal(data.Time.Now.UtcDateTime, later.LastSyncUtc);
        Assert.Equal(later, await directory.GetDeviceAsync(alice, Iphone.DeviceId));
    }

    [Fact]
    public async Task AChangedUserAgentProtocolVersionOrTypeIsWrittenAtOnce()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        await using var watch = await DataVersionWatch.OpenAsync(data.DatabasePath);

        data.Time.Advance(TimeSpan.FromSeconds(10));
        var upgraded = await directory.RecordContactAsync(alice, Iphone with { UserAgent = "Apple-iPhone13C2/2105.1" }, DeviceAccessState.Allowed);
        Assert.True(await watch.ChangedAsync());
        Assert.Equal("Apple-iPhone13C2/2105.1", upgraded.UserAgent);
        Assert.Equal(data.Time.Now.UtcDateTime, upgraded.LastSyncUtc);

        var newer = await directory.RecordContactAsync(alice, Iphone with { UserAgent = null, ProtocolVersion = "16.1" }, DeviceAccessState.Allowed);
        Assert.False(await watch.ChangedAsync());
        Assert.Equal("Apple-iPhone13C2/2105.1", newer.UserAgent);

        var v14 = await directory.RecordContactAsync(alice, Iphone with { UserAgent = null, ProtocolVersion = "14.1" }, DeviceAccessState.Allowed);
        Assert.True(await watch.ChangedAsync());
        Assert.Equal(("Apple-iPhone13C2/2105.1", "14.1"), (v14.UserAgent, v14.ProtocolVersion));

        var retyped = await directory.RecordContactAsync(alice, Iphone with { DeviceType = "iPad", UserAgent = null, ProtocolVersion = null }, DeviceAccessState.Allowed);
        Assert.True(await watch.ChangedAsync());
        Assert.Equal(("iPad", "Apple-iPhone13C2/2105.1", "14.1"), (retyped.DeviceType, retyped.UserAgent, retyped.ProtocolVersion));
    }

    [Fact]
    public async Task ConcurrentFirstContactsFromTwoProcessesMakeOnePartnership()
    {
        var (data, first, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var second = await data.OpenAsync();

        var recorded = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await (i % 2 == 0 ? first : second).RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed))));

        Assert.All(recorded, d => Assert.Equal(Iphone.DeviceId, d.DeviceId));
        Assert.Single(await first.ListDevicesAsync());
    }

    [Fact]
    public async Task ListIsOrderedByMailboxThenDeviceIdAndFiltersByMailbox()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var bob = (await directory.CreateUserAsync(new("bob@contoso.com"))).Value.MailboxId;
        Assert.Empty(await directory.ListDevicesAsync());
        foreach (var (mailbox, id) in new[] { (alice, "Zulu"), (bob, "mike"), (alice, "alpha"), (bob, "Bravo"), (alice, "Mike") })
            await directory.RecordContactAsync(mailbox, Iphone with { DeviceId = id }, DeviceAccessState.Allowed);

        var all = await directory.ListDevicesAsync();
        var ordered = new[] { alice, bob }.OrderBy(m => m.ToString(), StringComparer.Ordinal).ToArray();
        var expected = ordered.SelectMany(m => m == alice ? new[] { (alice, "alpha"), (alice, "Mike"), (alice, "Zulu") } : [(bob, "Bravo"), (bob, "mike")]);
        Assert.Equal(expected, all.Select(d => (d.Mailbox, d.DeviceId)));
        Assert.Equal(["Bravo", "mike"], (await directory.ListDevicesAsync(bob)).Select(d => d.DeviceId));
    }

    [Fact]
    public async Task DeviceInformationIsStoredAndNullMembersLeaveItUnchanged()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var contact = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        var full = new DeviceInformation
        {
            Model = "iPhone13,2",
            Imei = "356938035643809",
            FriendlyName = "Alice's iPhone",
            OperatingSystem = "iOS 16.1 20B82",
            OperatingSystemLanguage = "en",
            PhoneNumber = "+15555550100",
            MobileOperator = "Contoso Mobile",
            UserAgent = "Apple-iPhone13C2/2001.42",
            EnableOutboundSms = true,
        };

        var stored = (await directory.SetDeviceInformationAsync(alice, Iphone.DeviceId, full)).Value;
        Assert.Equal(full, stored.Information);
        Assert.Equal(contact with { Information = full }, stored);

        var partial = (await directory.SetDeviceInformationAsync(alice, Iphone.DeviceId, new() { FriendlyName = "Work phone", EnableOutboundSms = false })).Value;
        Assert.Equal(full with { FriendlyName = "Work phone", EnableOutboundSms = false }, partial.Information);
        Assert.Equal(partial, await directory.GetDeviceAsync(alice, Iphone.DeviceId));

        Assert.Equal(DirectoryError.InvalidArgument,
            (await directory.SetDeviceInformationAsync(alice, Iphone.DeviceId, new() { Model = new string('m', SqliteDirectory.MaxDeviceTextLength + 1) })).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceInformationAsync(alice, Iphone.DeviceId, null!)).Error);
        Assert.Equal(partial, await directory.GetDeviceAsync(alice, Iphone.DeviceId));
    }

    [Fact]
    public async Task PolicyKeysMoveFromTemporaryToAcknowledged()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);

        var temporary = (await directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, 1_234_567, acknowledged: false)).Value;
        Assert.Equal((1_234_567u, (DateTime?)null), (temporary.PolicyKey, temporary.PolicyAppliedUtc));

        data.Time.Advance(TimeSpan.FromSeconds(3));
        var appliedAt = data.Time.Now.UtcDateTime;
        var applied = (await directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, uint.MaxValue, acknowledged: true)).Value;
        Assert.Equal((uint.MaxValue, (DateTime?)appliedAt), (applied.PolicyKey, applied.PolicyAppliedUtc));

        // Acknowledging the same key again keeps when it was first applied.
        data.Time.Advance(TimeSpan.FromHours(1));
        var again = (await directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, uint.MaxValue, acknowledged: true)).Value;
        Assert.Equal(appliedAt, again.PolicyAppliedUtc);

        // A new provisioning round starts with a temporary key again.
        var reprovisioned = (await directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, 42, acknowledged: false)).Value;
        Assert.Equal((42u, (DateTime?)null), (reprovisioned.PolicyKey, reprovisioned.PolicyAppliedUtc));
        var reapplied = (await directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, 43, acknowledged: true)).Value;
        Assert.Equal((43u, (DateTime?)data.Time.Now.UtcDateTime), (reapplied.PolicyKey, reapplied.PolicyAppliedUtc));
        Assert.Equal(reapplied, await directory.GetDeviceAsync(alice, Iphone.DeviceId));

        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDevicePolicyAsync(alice, Iphone.DeviceId, 0, acknowledged: true)).Error);
        Assert.Equal(reapplied, await directory.GetDeviceAsync(alice, Iphone.DeviceId));
    }

    [Theory]
    [InlineData(DeviceAccessState.Blocked)]
    [InlineData(DeviceAccessState.Quarantined)]
    [InlineData(DeviceAccessState.Allowed)]
    public async Task AccessCanBeSetToAnyState(DeviceAccessState access)
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var initial = access == DeviceAccessState.Allowed ? DeviceAccessState.Quarantined : DeviceAccessState.Allowed;
        await directory.RecordContactAsync(alice, Iphone, initial);

        var changed = (await directory.SetDeviceAccessAsync(alice, Iphone.DeviceId, access)).Value;

        Assert.Equal(access, changed.Access);
        Assert.Equal(access, (await directory.GetDeviceAsync(alice, Iphone.DeviceId))!.Access);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceAccessAsync(alice, Iphone.DeviceId, (DeviceAccessState)7)).Error);
        // An access decision does not change with later contacts.
        data.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(access, (await directory.RecordContactAsync(alice, Iphone, initial)).Access);
    }

    [Theory]
    [InlineData(DeviceWipeStatus.WipePending, DeviceWipeStatus.WipeSent, DeviceWipeStatus.WipeAcknowledged)]
    [InlineData(DeviceWipeStatus.AccountOnlyWipePending, DeviceWipeStatus.AccountOnlyWipeSent, DeviceWipeStatus.AccountOnlyWipeAcknowledged)]
    public async Task AWipeIsRequestedSentAndAcknowledgedWithItsTimes(DeviceWipeStatus pending, DeviceWipeStatus sent, DeviceWipeStatus acknowledged)
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);

        data.Time.Advance(TimeSpan.FromMinutes(3));
        var requestedAt = data.Time.Now.UtcDateTime;
        var requested = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, pending)).Value;
        Assert.Equal((pending, (DateTime?)requestedAt, (DateTime?)null), (requested.Wipe, requested.WipeRequestedUtc, requested.WipeAcknowledgedUtc));
        Assert.True(requested.IsWipePending);

        data.Time.Advance(TimeSpan.FromMinutes(1));
        var sending = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, sent)).Value;
        Assert.Equal((sent, (DateTime?)requestedAt, (DateTime?)null), (sending.Wipe, sending.WipeRequestedUtc, sending.WipeAcknowledgedUtc));
        Assert.True(sending.IsWipePending);

        data.Time.Advance(TimeSpan.FromMinutes(1));
        var acknowledgedAt = data.Time.Now.UtcDateTime;
        var done = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, acknowledged)).Value;
        Assert.Equal((acknowledged, (DateTime?)requestedAt, (DateTime?)acknowledgedAt), (done.Wipe, done.WipeRequestedUtc, done.WipeAcknowledgedUtc));
        Assert.False(done.IsWipePending);
        Assert.Equal(done, await directory.GetDeviceAsync(alice, Iphone.DeviceId));

        // Repeating the acknowledgement changes nothing; a wiped device cannot be cancelled or wiped again.
        data.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(done, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, acknowledged)).Value);
        foreach (var next in new[] { DeviceWipeStatus.None, DeviceWipeStatus.WipePending, DeviceWipeStatus.AccountOnlyWipePending, sent })
            Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, next)).Error);
        Assert.Equal(done, await directory.GetDeviceAsync(alice, Iphone.DeviceId));

        // Removing the partnership is the way out: the device starts again as new.
        Assert.True(await directory.RemoveDeviceAsync(alice, Iphone.DeviceId));
        var fresh = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        Assert.Equal((DeviceWipeStatus.None, data.Time.Now.UtcDateTime), (fresh.Wipe, fresh.FirstSyncUtc));
    }

    [Theory]
    [InlineData(DeviceWipeStatus.WipePending)]
    [InlineData(DeviceWipeStatus.WipeSent)]
    [InlineData(DeviceWipeStatus.AccountOnlyWipePending)]
    [InlineData(DeviceWipeStatus.AccountOnlyWipeSent)]
    public async Task APendingOrSentWipeCanBeCancelled(DeviceWipeStatus state)
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        var request = state is DeviceWipeStatus.WipePending or DeviceWipeStatus.WipeSent ? DeviceWipeStatus.WipePending : DeviceWipeStatus.AccountOnlyWipePending;
        Assert.True((await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, request)).IsSuccess);
        Assert.True((await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, state)).IsSuccess);

        var cancelled = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.None)).Value;

        Assert.Equal((DeviceWipeStatus.None, (DateTime?)null, (DateTime?)null), (cancelled.Wipe, cancelled.WipeRequestedUtc, cancelled.WipeAcknowledgedUtc));
        Assert.False(cancelled.IsWipePending);
        Assert.Equal(cancelled, await directory.GetDeviceAsync(alice, Iphone.DeviceId));
        // Cancelling when nothing is pending succeeds and changes nothing.
        Assert.Equal(cancelled, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.None)).Value);
    }

    [Fact]
    public async Task WipeMovesOutOfOrderAreRefusedAndChangeNothing()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var device = await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);

        // Nothing was requested: the server cannot record sending or acknowledging a wipe.
        foreach (var status in new[] { DeviceWipeStatus.WipeSent, DeviceWipeStatus.WipeAcknowledged, DeviceWipeStatus.AccountOnlyWipeSent,
                     DeviceWipeStatus.AccountOnlyWipeAcknowledged, (DeviceWipeStatus)99 })
            Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, status)).Error);
        Assert.Equal(device, await directory.GetDeviceAsync(alice, Iphone.DeviceId));

        // A full wipe is pending: the account-only directive was never sent, so it cannot be recorded as sent or done.
        var requestedAt = data.Time.Now.UtcDateTime;
        var pending = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.WipePending)).Value;
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.AccountOnlyWipeSent)).Error);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.AccountOnlyWipeAcknowledged)).Error);

        // Asking again for the same kind keeps the first request and its time, also once it was sent.
        data.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(pending, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.WipePending)).Value);
        var sent = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.WipeSent)).Value;
        Assert.Equal(sent, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.WipePending)).Value);
        Assert.Equal(requestedAt, sent.WipeRequestedUtc);
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.AccountOnlyWipeSent)).Error);

        // Asking for the other kind replaces the request (and its time).
        var switchedAt = data.Time.Now.UtcDateTime;
        var switched = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.AccountOnlyWipePending)).Value;
        Assert.Equal((DeviceWipeStatus.AccountOnlyWipePending, (DateTime?)switchedAt), (switched.Wipe, switched.WipeRequestedUtc));
        Assert.Equal(DirectoryError.InvalidArgument, (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.WipeSent)).Error);
        Assert.Equal(switched, await directory.GetDeviceAsync(alice, Iphone.DeviceId));

        // The device may acknowledge a directive whose sending was not recorded.
        var acknowledged = (await directory.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.AccountOnlyWipeAcknowledged)).Value;
        Assert.Equal((DeviceWipeStatus.AccountOnlyWipeAcknowledged, (DateTime?)switchedAt, (DateTime?)switchedAt),
            (acknowledged.Wipe, acknowledged.WipeRequestedUtc, acknowledged.WipeAcknowledgedUtc));
    }

    [Fact]
    public async Task RemovingAUserRemovesItsPartnershipsOnly()
    {
        var (data, directory, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var bob = (await directory.CreateUserAsync(new("bob@contoso.com"))).Value.MailboxId;
        await directory.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        await directory.RecordContactAsync(alice, Iphone with { DeviceId = "SEC1234" }, DeviceAccessState.Allowed);
        await directory.RecordContactAsync(bob, Iphone, DeviceAccessState.Allowed);

        Assert.True((await directory.RemoveUserAsync("alice@contoso.com")).Value);

        Assert.Empty(await directory.ListDevicesAsync(alice));
        Assert.Null(await directory.GetDeviceAsync(alice, Iphone.DeviceId));
        Assert.Equal([bob], (await directory.ListDevicesAsync()).Select(d => d.Mailbox));
        Assert.Equal(0L, await data.QueryAsync("SELECT count(*) FROM devices WHERE mailbox_id = $m;", ("$m", alice.ToString())));

        // A user created again with the same mailbox id does not inherit the old phones.
        await directory.CreateUserAsync(new("alice@contoso.com") { MailboxId = alice });
        Assert.Empty(await directory.ListDevicesAsync(alice));
    }

    [Fact]
    public async Task AnotherInstanceSeesDeviceWritesOnItsVeryNextRead()
    {
        // The server's user cache is on and its clock never moves, so nothing here can come from a refresh of that cache.
        var (data, server, alice) = await OpenWithAliceAsync();
        await using var _ = data;
        var cli = await data.OpenAsync();
        Assert.NotNull(await server.GetUserAsync(alice));
        await server.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed);
        Assert.Single(await cli.ListDevicesAsync());

        Assert.True((await cli.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.WipePending)).IsSuccess);
        Assert.Equal(DeviceWipeStatus.WipePending, (await server.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed)).Wipe);
        Assert.Equal(DeviceWipeStatus.WipePending, (await server.GetDeviceAsync(alice, Iphone.DeviceId))!.Wipe);

        Assert.True((await cli.SetDeviceWipeAsync(alice, Iphone.DeviceId, DeviceWipeStatus.None)).IsSuccess);
        Assert.Equal(DeviceWipeStatus.None, (await server.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed)).Wipe);

        Assert.True((await cli.SetDeviceAccessAsync(alice, Iphone.DeviceId, DeviceAccessState.Blocked)).IsSuccess);
        Assert.Equal(DeviceAccessState.Blocked, (await server.RecordContactAsync(alice, Iphone, DeviceAccessState.Allowed)).Access);

        // And the other way round: what the server records, the CLI lists.
        Assert.True((await server.SetDevicePolicyAsync(alice, Iphone.DeviceId, 99, acknowledged: true)).IsSuccess);
        Assert.Equal(99u, (await cli.GetDeviceAsync(alice, Iphone.DeviceId))!.PolicyKey);

        Assert.True(await cli.RemoveDeviceAsync(alice, Iphone.DeviceId));
        Assert.Null(await server.GetDeviceAsync(alice, Iphone.DeviceId));
        var recreated = await server.RecordContactAsync(alice, Iphone, DeviceAccessState.Quarantined);
        Assert.Equal(DeviceAccessState.Quarantined, recreated.Access);
    }

    [Fact]
    public async Task AVersion1DirectoryIsUpgradedInPlaceAndKeepsEverything()
    {
        await using var data = new TestDataDirectory();
        var mailbox = MailboxId.New();
        Guid deploymentId;
        await using (var v1 = await SqliteDirectory.OpenAsync(data.Options()))
        {
            await v1.CreateUserAsync(new("alice@contoso.com") { Password = "correct horse", MailboxId = mailbox });
            await v1.AddAliasAsync("alice@contoso.com", "ally@contoso.com");
            await v1.CreateGroupAsync("sales@contoso.com");
            await v1.AddGroupMemberAsync("sales@contoso.com", "alice@contoso.com");
            deploymentId = (await v1.GetOrganizationAsync()).DeploymentId;
        }

        // Take the file back to exactly what version 1 wrote: the upgrade only adds the devices table.
        await data.ExecuteAsync("DROP TABLE devices; PRAGMA user_version = 1;");
        Assert.Equal(await SchemaAsync(DirectorySchema.CreateV1), await SchemaOfFileAsync(data.DatabasePath));

        var upgraded = await data.OpenAsync();

        Assert.Equal(2L, await data.QueryAsync("PRAGMA user_version;"));
        Assert.Equal(deploymentId, (await upgraded.GetOrganizationAsync()).DeploymentId);
        Assert.Equal(mailbox, (await upgraded.AuthenticateAsync("ally@contoso.com", "correct horse"))?.MailboxId);
        Assert.Equal(["alice@contoso.com"], (await upgraded.FindGroupAsync("sales@contoso.com"))!.Members);
        Assert.Empty(await upgraded.ListDevicesAsync());
        var device = await upgraded.RecordContactAsync(mailbox, Iphone, DeviceAccessState.Allowed);
        Assert.Equal(device, await upgraded.GetDeviceAsync(mailbox, Iphone.DeviceId));
        Assert.True((await upgraded.RemoveUserAsync("alice@contoso.com")).Value);
        Assert.Empty(await upgraded.ListDevicesAsync());

        // Opening again (another process, a restart) finds version 2 and changes nothing.
        var again = await data.OpenAsync();
        Assert.Equal(2L, await data.QueryAsync("PRAGMA user_version;"));
        Assert.Equal(deploymentId, (await again.GetOrganizationAsync()).DeploymentId);
    }

    [Fact]
    public async Task AFreshDirectoryIsTheVersion1SchemaPlusTheUpgrade()
    {
        await using var data = new TestDataDirectory();
        await using (await SqliteDirectory.OpenAsync(data.Options()))
        {
        }

        var fresh = await SchemaOfFileAsync(data.DatabasePath);
        await data.ExecuteAsync("PRAGMA user_version = 1; DROP TABLE devices;");
        await using (await SqliteDirectory.OpenAsync(data.Options()))
        {
        }

        Assert.Equal(fresh, await SchemaOfFileAsync(data.DatabasePath));
        Assert.Equal(2L, await data.QueryAsync("PRAGMA user_version;"));
    }

    [Fact]
    public async Task TwoProcessesUpgradingAtOnceUpgradeOnce()
    {
        await using var data = new TestDataDirectory();
        await using (await SqliteDirectory.OpenAsync(data.Options()))
        {
        }

        await data.ExecuteAsync("DROP TABLE devices; PRAGMA user_version = 1;");

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => data.OpenAsync())));

        Assert.Equal(2L, await data.QueryAsync("PRAGMA user_version;"));
        Assert.All(await Task.WhenAll(opened.Select(d => d.ListDevicesAsync().AsTask())), Assert.Empty);
    }

    /// <summary>The table and index definitions of a database built from <paramref name="script"/> in memory.</summary>
    private static async Task<List<string>> SchemaAsync(string script)
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = script;
            await cmd.ExecuteNonQueryAsync();
        }

        return await ReadSchemaAsync(connection);
    }

    private static async Task<List<string>> SchemaOfFileAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync();
        return await ReadSchemaAsync(connection);
    }

    private static async Task<List<string>> ReadSchemaAsync(SqliteConnection connection)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name;";
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync())
            rows.Add(r.GetString(0));
        return rows;
    }

    /// <summary>A connection of its own that tells whether any other connection committed to the database since it last asked.</summary>
    private sealed class DataVersionWatch : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private long _version;

        private DataVersionWatch(SqliteConnection connection) => _connection = connection;

        public static async Task<DataVersionWatch> OpenAsync(string path)
        {
            var watch = new DataVersionWatch(new SqliteConnection($"Data Source={path};Pooling=False"));
            await watch._connection.OpenAsync();
            watch._version = await watch.ReadAsync();
            return watch;
        }

        public async Task<bool> ChangedAsync()
        {
            var version = await ReadAsync();
            var changed = version != _version;
            _version = version;
            return changed;
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();

        private async Task<long> ReadAsync()
        {
            await using var cmd = _connection.CreateCommand();
            cmd.CommandText = "PRAGMA data_version;";
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
    }
}
