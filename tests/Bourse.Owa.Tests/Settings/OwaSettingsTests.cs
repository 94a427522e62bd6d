using System.Net;
using Bourse.Directory.Devices;
using Bourse.Mailbox.Settings;
using Bourse.Owa.Tests.Infrastructure;

namespace Bourse.Owa.Tests.Settings;

/// <summary>The Settings part of docs/owa-api.md over real HTTPS: out-of-office, mail settings, devices, password.</summary>
public sealed class OwaSettingsTests : IAsyncLifetime
{
    private OwaTestServer _server = null!;

    public async Task InitializeAsync() => _server = await OwaTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // ---- out of office ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task OofIsDisabledUntilSet()
    {
        using var alice = await _server.SignInAsync();
        var oof = await alice.GetJsonAsync("/owa/service/settings/oof");
        Assert.Equal("disabled", oof.GetProperty("state").GetString());
        Assert.Equal("none", oof.GetProperty("externalAudience").GetString());
    }

    [Fact]
    public async Task ScheduledOofIsTheStateActiveSyncReads()
    {
        using var alice = await _server.SignInAsync();
        using var put = await alice.PutJsonAsync("/owa/service/settings/oof", new
        {
            state = "scheduled", startUtc = "2026-12-20T08:00:00Z", endUtc = "2027-01-04T08:00:00Z",
            internalReply = "<p>Away <script>alert(1)</script>until January.</p>", externalReply = "Away.", externalAudience = "known",
        });
        await OwaSession.ReadAsync(put, HttpStatusCode.OK);

        var stored = OofSettings.Read(await _server.Store.GetStateAsync((await _server.UserAsync("alice")).MailboxId, OofSettings.StateKey));
        Assert.Equal(2, stored.State);
        Assert.Equal(new DateTime(2026, 12, 20, 8, 0, 0, DateTimeKind.Utc), stored.StartUtc);
        Assert.Equal(new DateTime(2027, 1, 4, 8, 0, 0, DateTimeKind.Utc), stored.EndUtc);
        Assert.True(stored.Internal!.Enabled);
        Assert.True(stored.Internal.IsHtml);
        Assert.DoesNotContain("script", stored.Internal.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("until January", stored.Internal.Message, StringComparison.Ordinal);
        Assert.True(stored.ExternalKnown!.Enabled);
        Assert.False(stored.ExternalUnknown!.Enabled);
        Assert.Equal("Away.", stored.ExternalKnown.Message);

        var oof = await alice.GetJsonAsync("/owa/service/settings/oof");
        Assert.Equal("scheduled", oof.GetProperty("state").GetString());
        Assert.Equal("known", oof.GetProperty("externalAudience").GetString());
        Assert.Equal("Away.", oof.GetProperty("externalReply").GetString());
        Assert.Equal(new DateTime(2026, 12, 20, 8, 0, 0, DateTimeKind.Utc), oof.GetProperty("startUtc").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task OofWrittenByActiveSyncAsPlainTextIsShownEncoded()
    {
        using var alice = await _server.SignInAsync();
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        var phone = new OofSettings
        {
            State = 1,
            Internal = new OofReply { Enabled = true, Message = "Back <soon>\nBye", IsHtml = false },
            ExternalKnown = new OofReply { Enabled = true, Message = "Out", IsHtml = false },
            ExternalUnknown = new OofReply { Enabled = true, Message = "Out", IsHtml = false },
        };
        Assert.True((await _server.Store.SetStateAsync(mailbox, OofSettings.StateKey, phone.Write())).IsSuccess);
        var oof = await alice.GetJsonAsync("/owa/service/settings/oof");
        Assert.Equal("enabled", oof.GetProperty("state").GetString());
        Assert.Equal("all", oof.GetProperty("externalAudience").GetString());
        Assert.Equal("Back &lt;soon&gt;<br>Bye", oof.GetProperty("internalReply").GetString());
    }

    [Theory]
    [InlineData("""{"state":"sometimes"}""")]
    [InlineData("""{"state":"enabled","externalAudience":"friends"}""")]
    [InlineData("""{"state":"scheduled"}""")]
    [InlineData("""{"state":"scheduled","startUtc":"2026-12-20T08:00:00Z","endUtc":"2026-12-19T08:00:00Z"}""")]
    [InlineData("""{"state":"enabled","startUtc":"2026-12-20T08:00:00Z"}""")]
    [InlineData("""{"state":"enabled","startUtc":"not a date","endUtc":"2026-12-19T08:00:00Z"}""")]
    [InlineData("""{"state":1}""")]
    [InlineData("""{"state":"enabled""")]
    public async Task BadOofIsInvalidValueAndChangesNothing(string json)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.SendJsonTextAsync(HttpMethod.Put, "/owa/service/settings/oof", json);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
        Assert.Null(await _server.Store.GetStateAsync((await _server.UserAsync("alice")).MailboxId, OofSettings.StateKey));
    }

    [Fact]
    public async Task OversizeOofIs413()
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.PutJsonAsync("/owa/service/settings/oof", new { state = "enabled", internalReply = new string('x', 70 * 1024) });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    [Fact]
    public async Task OofIsPerUser()
    {
        using var alice = await _server.SignInAsync();
        using var bob = await _server.SignInAsync("bob");
        using var put = await alice.PutJsonAsync("/owa/service/settings/oof", new { state = "enabled", internalReply = "Away", externalAudience = "none" });
        await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        Assert.Equal("disabled", (await bob.GetJsonAsync("/owa/service/settings/oof")).GetProperty("state").GetString());
    }

    // ---- mail settings -------------------------------------------------------------------------------------------

    [Fact]
    public async Task MailSettingsAreSanitizedAndKept()
    {
        using var alice = await _server.SignInAsync();
        var initial = await alice.GetJsonAsync("/owa/service/settings/mail");
        Assert.Equal("UTC", initial.GetProperty("timeZone").GetString());
        Assert.False(initial.GetProperty("autoAddSignature").GetBoolean());

        using var put = await alice.PutJsonAsync("/owa/service/settings/mail", new
        {
            signatureHtml = "<b>Alice</b><img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">x</a><iframe src=\"https://evil.example\"></iframe>",
            autoAddSignature = true, timeZone = "Europe/Paris",
        });
        var saved = await OwaSession.ReadAsync(put, HttpStatusCode.OK);
        var signature = saved.GetProperty("signatureHtml").GetString()!;
        Assert.Contains("<b>Alice</b>", signature, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror", signature, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", signature, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("iframe", signature, StringComparison.OrdinalIgnoreCase);

        var stored = MailSettings.Read(await _server.Store.GetStateAsync((await _server.UserAsync("alice")).MailboxId, MailSettings.StateKey));
        Assert.Equal(signature, stored.SignatureHtml);
        Assert.True(stored.AutoAddSignature);
        Assert.Equal("Europe/Paris", stored.TimeZone);

        // A partial update keeps the rest.
        using var zoneOnly = await alice.PutJsonAsync("/owa/service/settings/mail", new { timeZone = "America/New_York" });
        await OwaSession.ReadAsync(zoneOnly, HttpStatusCode.OK);
        var again = await alice.GetJsonAsync("/owa/service/settings/mail");
        Assert.Equal("America/New_York", again.GetProperty("timeZone").GetString());
        Assert.Equal(signature, again.GetProperty("signatureHtml").GetString());
        Assert.True(again.GetProperty("autoAddSignature").GetBoolean());
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../../etc/passwd")]
    [InlineData("Pacific Standard Time")]
    [InlineData("")]
    public async Task UnknownTimeZoneIsInvalidValue(string zone)
    {
        using var alice = await _server.SignInAsync();
        using var response = await alice.PutJsonAsync("/owa/service/settings/mail", new { timeZone = zone });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
    }

    [Fact]
    public async Task BadMailSettingsJsonIs400AndOversizeIs413()
    {
        using var alice = await _server.SignInAsync();
        using var bad = await alice.SendJsonTextAsync(HttpMethod.Put, "/owa/service/settings/mail", "{\"timeZone\":");
        await OwaSession.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "InvalidValue");
        using var big = await alice.PutJsonAsync("/owa/service/settings/mail", new { signatureHtml = new string('x', 40 * 1024) });
        await OwaSession.AssertErrorAsync(big, HttpStatusCode.RequestEntityTooLarge, "TooLarge");
    }

    // ---- devices -------------------------------------------------------------------------------------------------

    private async Task<DevicePartnership> AddDeviceAsync(string user, string deviceId)
    {
        var mailbox = (await _server.UserAsync(user)).MailboxId;
        var device = await _server.Devices.RecordContactAsync(mailbox, new DeviceContact(deviceId, "iPhone", "Apple-iPhone/2001", "16.1"), DeviceAccessState.Allowed);
        Assert.True((await _server.Devices.SetDeviceInformationAsync(mailbox, deviceId, new DeviceInformation { Model = "iPhone15,2", OperatingSystem = "iOS 18.1" })).IsSuccess);
        return device;
    }

    [Fact]
    public async Task DevicesListsOnlyTheCallersOwn()
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        await AddDeviceAsync("bob", "BobsPhone");
        using var alice = await _server.SignInAsync();
        var items = (await alice.GetJsonAsync("/owa/service/settings/devices")).GetProperty("items");
        var device = Assert.Single(items.EnumerateArray());
        Assert.Equal("ApplePhone1", device.GetProperty("deviceId").GetString());
        Assert.Equal("iPhone", device.GetProperty("deviceType").GetString());
        Assert.Equal("iPhone15,2", device.GetProperty("model").GetString());
        Assert.Equal("iOS 18.1", device.GetProperty("os").GetString());
        Assert.Equal("16.1", device.GetProperty("protocolVersion").GetString());
        Assert.Equal("allowed", device.GetProperty("access").GetString());
        Assert.Equal("none", device.GetProperty("wipe").GetString());
    }

    [Fact]
    public async Task RemovingADeviceRemovesItsSyncStates()
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        await AddDeviceAsync("alice", "OtherPhone");
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        await _server.Store.SetStateAsync(mailbox, "eas/applephone1/fs/0000000001", [1]);
        await _server.Store.SetStateAsync(mailbox, "eas/applephone1/sync/5/0000000002", [2]);
        await _server.Store.SetStateAsync(mailbox, "eas-recovery-password/applephone1", [3]);
        await _server.Store.SetStateAsync(mailbox, "eas/otherphone/fs/0000000001", [4]);

        using var alice = await _server.SignInAsync();
        using var response = await alice.DeleteAsync("/owa/service/settings/devices/ApplePhone1");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await _server.Devices.GetDeviceAsync(mailbox, "ApplePhone1"));
        Assert.Empty(await _server.Store.ListStateKeysAsync(mailbox, "eas/applephone1/"));
        Assert.Null(await _server.Store.GetStateAsync(mailbox, "eas-recovery-password/applephone1"));
        Assert.NotNull(await _server.Store.GetStateAsync(mailbox, "eas/otherphone/fs/0000000001"));
        Assert.NotNull(await _server.Devices.GetDeviceAsync(mailbox, "OtherPhone"));
    }

    [Theory]
    [InlineData("BobsPhone")]
    [InlineData("NoSuchPhone")]
    [InlineData("bad%2Fid")]
    [InlineData("this-is-not-a-device-id")]
    public async Task RemovingAnotherUsersOrAMissingDeviceIsNotFound(string deviceId)
    {
        await AddDeviceAsync("bob", "BobsPhone");
        var bobMailbox = (await _server.UserAsync("bob")).MailboxId;
        await _server.Store.SetStateAsync(bobMailbox, "eas/bobsphone/fs/0000000001", [1]);
        using var alice = await _server.SignInAsync();
        using var response = await alice.DeleteAsync("/owa/service/settings/devices/" + deviceId);
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFound");
        Assert.NotNull(await _server.Devices.GetDeviceAsync(bobMailbox, "BobsPhone"));
        Assert.NotNull(await _server.Store.GetStateAsync(bobMailbox, "eas/bobsphone/fs/0000000001"));
    }

    [Fact]
    public async Task AnswersAreNotCached()
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        using var alice = await _server.SignInAsync();
        using (var get = await alice.GetAsync("/owa/service/settings/oof"))
            Assert.True(get.Headers.CacheControl?.NoStore, "GET without no-store");
        using (var wipe = await alice.PostJsonAsync("/owa/service/settings/devices/ApplePhone1/wipe", new { accountOnly = false, cancel = false }))
        {
            Assert.Equal(HttpStatusCode.NoContent, wipe.StatusCode);
            Assert.True(wipe.Headers.CacheControl?.NoStore, "204 without no-store");
        }
    }

    [Fact]
    public async Task WipeRequestsCancelsAndAccountOnly()
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        using var alice = await _server.SignInAsync();

        using (var wipe = await alice.PostJsonAsync("/owa/service/settings/devices/ApplePhone1/wipe", new { accountOnly = false, cancel = false }))
            Assert.Equal(HttpStatusCode.NoContent, wipe.StatusCode);
        Assert.Equal(DeviceWipeStatus.WipePending, (await _server.Devices.GetDeviceAsync(mailbox, "ApplePhone1"))!.Wipe);
        var listed = (await alice.GetJsonAsync("/owa/service/settings/devices")).GetProperty("items")[0];
        Assert.Equal("pending", listed.GetProperty("wipe").GetString());

        using (var cancel = await alice.PostJsonAsync("/owa/service/settings/devices/ApplePhone1/wipe", new { accountOnly = false, cancel = true }))
            Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        Assert.Equal(DeviceWipeStatus.None, (await _server.Devices.GetDeviceAsync(mailbox, "ApplePhone1"))!.Wipe);

        using (var accountOnly = await alice.PostJsonAsync("/owa/service/settings/devices/ApplePhone1/wipe", new { accountOnly = true, cancel = false }))
            Assert.Equal(HttpStatusCode.NoContent, accountOnly.StatusCode);
        Assert.Equal(DeviceWipeStatus.AccountOnlyWipePending, (await _server.Devices.GetDeviceAsync(mailbox, "ApplePhone1"))!.Wipe);
        Assert.Equal("accountOnlyPending", (await alice.GetJsonAsync("/owa/service/settings/devices")).GetProperty("items")[0].GetProperty("wipe").GetString());
    }

    [Fact]
    public async Task AWipedDeviceCannotBeCancelled()
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        Assert.True((await _server.Devices.SetDeviceWipeAsync(mailbox, "ApplePhone1", DeviceWipeStatus.WipePending)).IsSuccess);
        Assert.True((await _server.Devices.SetDeviceWipeAsync(mailbox, "ApplePhone1", DeviceWipeStatus.WipeSent)).IsSuccess);
        Assert.True((await _server.Devices.SetDeviceWipeAsync(mailbox, "ApplePhone1", DeviceWipeStatus.WipeAcknowledged)).IsSuccess);
        using var alice = await _server.SignInAsync();
        using var response = await alice.PostJsonAsync("/owa/service/settings/devices/ApplePhone1/wipe", new { accountOnly = false, cancel = true });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.Conflict, "Conflict");
        Assert.Equal(DeviceWipeStatus.WipeAcknowledged, (await _server.Devices.GetDeviceAsync(mailbox, "ApplePhone1"))!.Wipe);
    }

    [Fact]
    public async Task WipingAnotherUsersDeviceIsNotFound()
    {
        await AddDeviceAsync("bob", "BobsPhone");
        var bobMailbox = (await _server.UserAsync("bob")).MailboxId;
        using var alice = await _server.SignInAsync();
        using var response = await alice.PostJsonAsync("/owa/service/settings/devices/BobsPhone/wipe", new { accountOnly = false, cancel = false });
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.NotFound, "NotFound");
        Assert.Equal(DeviceWipeStatus.None, (await _server.Devices.GetDeviceAsync(bobMailbox, "BobsPhone"))!.Wipe);
    }

    [Fact]
    public async Task WipeWithBadJsonIs400()
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        using var alice = await _server.SignInAsync();
        using var response = await alice.SendJsonTextAsync(HttpMethod.Post, "/owa/service/settings/devices/ApplePhone1/wipe", "{\"cancel\":\"yes\"}");
        await OwaSession.AssertErrorAsync(response, HttpStatusCode.BadRequest, "InvalidValue");
    }

    // ---- password --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task PasswordChangeChecksTheCurrentOneAndTheRules()
    {
        using var alice = await _server.SignInAsync();
        using (var wrong = await alice.PostJsonAsync("/owa/service/settings/password", new { currentPassword = "not-it-at-all", newPassword = "Another-Horse-8" }))
            await OwaSession.AssertErrorAsync(wrong, HttpStatusCode.BadRequest, "WrongPassword");
        using (var weak = await alice.PostJsonAsync("/owa/service/settings/password", new { currentPassword = OwaTestServer.Password, newPassword = "short" }))
            await OwaSession.AssertErrorAsync(weak, HttpStatusCode.BadRequest, "WeakPassword");
        Assert.NotNull(await _server.Directory.AuthenticateAsync("alice@" + OwaTestServer.Domain, OwaTestServer.Password));

        using (var ok = await alice.PostJsonAsync("/owa/service/settings/password", new { currentPassword = OwaTestServer.Password, newPassword = "Another-Horse-8" }))
            Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Null(await _server.Directory.AuthenticateAsync("alice@" + OwaTestServer.Domain, OwaTestServer.Password));
        Assert.NotNull(await _server.Directory.AuthenticateAsync("alice@" + OwaTestServer.Domain, "Another-Horse-8"));
        // Bob's password is untouched.
        Assert.NotNull(await _server.Directory.AuthenticateAsync("bob@" + OwaTestServer.Domain, OwaTestServer.Password));
    }

    [Fact]
    public async Task PasswordWithMissingFieldsOrBadJsonIs400()
    {
        using var alice = await _server.SignInAsync();
        using (var missing = await alice.PostJsonAsync("/owa/service/settings/password", new { newPassword = "Another-Horse-8" }))
            await OwaSession.AssertErrorAsync(missing, HttpStatusCode.BadRequest, "InvalidValue");
        using (var bad = await alice.SendJsonTextAsync(HttpMethod.Post, "/owa/service/settings/password", "[1,2"))
            await OwaSession.AssertErrorAsync(bad, HttpStatusCode.BadRequest, "InvalidValue");
    }

    // ---- the canary ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("PUT", "/owa/service/settings/oof")]
    [InlineData("PUT", "/owa/service/settings/mail")]
    [InlineData("DELETE", "/owa/service/settings/devices/ApplePhone1")]
    [InlineData("POST", "/owa/service/settings/devices/ApplePhone1/wipe")]
    [InlineData("POST", "/owa/service/settings/password")]
    public async Task WritesWithoutTheCanaryAreRefused(string method, string path)
    {
        await AddDeviceAsync("alice", "ApplePhone1");
        using var alice = await _server.SignInAsync();
        alice.SendCanary = false;
        using var response = await alice.SendAsync(new HttpMethod(method), path,
            OwaSession.Json(new { state = "enabled", timeZone = "Europe/Paris", cancel = false, currentPassword = OwaTestServer.Password, newPassword = "Another-Horse-8" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var mailbox = (await _server.UserAsync("alice")).MailboxId;
        Assert.Null(await _server.Store.GetStateAsync(mailbox, OofSettings.StateKey));
        Assert.Null(await _server.Store.GetStateAsync(mailbox, MailSettings.StateKey));
        var device = await _server.Devices.GetDeviceAsync(mailbox, "ApplePhone1");
        Assert.NotNull(device);
        Assert.Equal(DeviceWipeStatus.None, device.Wipe);
        Assert.NotNull(await _server.Directory.AuthenticateAsync("alice@" + OwaTestServer.Domain, OwaTestServer.Password));
    }
}
