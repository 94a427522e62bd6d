using Bourse.Testing;
using System.Net;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.Forms;

public sealed class FormsSessionPersistenceTests
{
    [Fact]
    public async Task ASessionSurvivesARestartBecauseTheKeysAreUnderTheDataDirectory()
    {
        var data = Path.Combine(Path.GetTempPath(), "bourse-keys-" + Guid.NewGuid().ToString("N"));
        try
        {
            var directory = new FakeDirectory();
            directory.Add("alice@bourse.test", "pw-1");
            using var browser = new CookieJarClient();
            await using (var first = await FrontDoorTestServer.StartAsync(directory: directory, dataDirectory: data))
            {
                await OwaSignIn.SignInAsync(browser, first, "alice@bourse.test", "pw-1");
            }
            Assert.NotEmpty(System.IO.Directory.GetFiles(Path.Combine(data, "keys", "data-protection"), "key-*.xml"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                    File.GetUnixFileMode(Path.Combine(data, "keys", "data-protection")));
            }

            await using var second = await FrontDoorTestServer.StartAsync(directory: directory, dataDirectory: data);
            using var echo = await browser.GetAsync(second.Https("/owa/service/echo"));
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.Equal("user=alice@bourse.test;method=Forms", await echo.Content.ReadAsStringAsync());
        }
        finally
        {
            System.IO.Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task ASessionIsEndedWhenTheUserLeavesTheDirectory()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var directory = new FakeDirectory();
        directory.Add("alice@bourse.test", "pw-1");
        await using var server = await FrontDoorTestServer.StartAsync(
            new() { ["Bourse:Owa:RevalidateInterval"] = "00:05:00" },
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, time),
            directory: directory);
        using var browser = new CookieJarClient();
        await OwaSignIn.SignInAsync(browser, server, "alice@bourse.test", "pw-1");

        // Another directory without alice (as if removed): after the revalidation interval the session is refused.
        var other = new FakeDirectory();
        await using var replaced = await FrontDoorTestServer.StartAsync(
            new() { ["Bourse:Owa:RevalidateInterval"] = "00:05:00" },
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(services, time),
            directory: other, dataDirectory: server.DataDirectory);
        using var stillFresh = await browser.GetAsync(replaced.Https("/owa/service/echo"));
        Assert.Equal(HttpStatusCode.OK, stillFresh.StatusCode);
        time.Advance(TimeSpan.FromMinutes(6));
        using var revalidated = await browser.GetAsync(replaced.Https("/owa/service/echo"));
        Assert.Equal(440, (int)revalidated.StatusCode);
    }
}
