using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Tests.Infrastructure;
using Bourse.Core.Model;
using Bourse.Storage;
using static Bourse.ActiveSync.Tests.Handlers.SyncTestKit;

namespace Bourse.ActiveSync.Tests.Handlers;

/// <summary>
/// A device that keeps a local copy of the Inbox (ServerId → subject, read) runs Sync rounds in small windows — marking
/// items read or unread, deleting some, and now and then losing an answer and sending the same request again — while
/// another task changes the same Inbox through the store (deliveries, deletions, read flags). Whenever the writer pauses
/// and the device has nothing more pending, its copy must equal the folder: nothing lost, nothing twice.
/// </summary>
public sealed class SyncSimulatedDeviceTests : IAsyncLifetime
{
    private EasTestServer _server = null!;

    public async Task InitializeAsync() => _server = await EasTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 3)]
    public async Task TheDeviceCopyEqualsTheFolderAfterEveryQuietRound(int seed, int windowSize)
    {
        var random = new Random(seed);
        var alice = (await _server.UserAsync("alice")).MailboxId;
        var inboxId = await _server.FolderAsync("alice", WellKnownFolder.Inbox);
        await _server.SeedMailAsync("alice", 40, i => $"Seed {i}");
        using var device = await _server.DeviceAsync();
        var inbox = await device.FolderIdAsync(2);
        var local = new Dictionary<string, (string Subject, bool Read)>(StringComparer.Ordinal);
        Assert.Equal("1", (await device.SyncAsync(inbox, "0")).Collection(inbox).SyncKey);
        var key = "1";
        var lostAnswers = 0;
        var created = 0;

        for (var epoch = 0; epoch < 12; epoch++)
        {
            // The other writer: deliveries, deletions and read changes, concurrently with the device's rounds.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var r = new Random(seed * 1000 + epoch);
                while (!stop.IsCancellationRequested)
                {
                    var page = await _server.Store.ListItemsAsync(alice, inboxId, new ItemQuery { Limit = 200 });
                    switch (r.Next(3))
                    {
                        case 0:
                            var made = await _server.Store.CreateItemAsync(alice, inboxId, NewMail($"New {epoch}-{Interlocked.Increment(ref created)}", DateTime.UtcNow, "x"));
                            Assert.True(made.IsSuccess);
                            break;
                        case 1 when page.Items.Count > 0:
                            await _server.Store.DeleteItemsAsync(alice, [page.Items[r.Next(page.Items.Count)].Id]);
                            break;
                        case 2 when page.Items.Count > 0:
                            await _server.Store.SetReadAsync(alice, [page.Items[r.Next(page.Items.Count)].Id], r.Next(2) == 0);
                            break;
                    }

                    await Task.Delay(r.Next(0, 15));
                }
            });

            for (var round = 0; round < 6; round++)
                key = await RoundAsync(device, inbox, key, windowSize, random, local, () => lostAnswers++);

            await stop.CancelAsync();
            await writer;

            // Quiet: the device syncs until nothing is pending, then compares.
            for (var drain = 0; ; drain++)
            {
                Assert.True(drain < 500, "the device never caught up");
                var r = await device.SyncAsync(inbox, key, windowSize);
                if (r.Body.Length == 0)
                    break;
                var c = r.Collection(inbox);
                Assert.Equal("1", c.Status);
                Apply(c, local);
                key = c.SyncKey!;
            }

            var page = await _server.Store.ListItemsAsync(alice, inboxId, new ItemQuery { Limit = 10_000 });
            var expected = page.Items.ToDictionary(i => ServerId(inboxId, i.Id), i => (i.Subject, i.IsRead), StringComparer.Ordinal);
            Assert.Equal(expected.Count, local.Count);
            foreach (var (id, value) in expected)
            {
                Assert.True(local.TryGetValue(id, out var mine), $"epoch {epoch}: {id} ({value.Subject}) missing on the device");
                Assert.Equal(value, mine);
            }
        }

        Assert.True(lostAnswers > 0, "the run should have exercised retries");
    }

    /// One round: maybe a few changes of the device's own, and sometimes the answer is lost and the request sent again.
    private static async Task<string> RoundAsync(EasDevice device, string inbox, string key, int windowSize, Random random,
        Dictionary<string, (string Subject, bool Read)> local, Action lost)
    {
        var commands = new List<WbxmlElement>();
        var mine = new List<(string Id, bool? Read)>();
        if (local.Count > 0 && random.Next(3) == 0)
        {
            var ids = local.Keys.Order(StringComparer.Ordinal).ToList();
            var target = ids[random.Next(ids.Count)];
            if (random.Next(4) == 0)
            {
                commands.Add(Delete(target));
                mine.Add((target, null));
            }
            else
            {
                var read = !local[target].Read;
                commands.Add(ChangeRead(target, read));
                mine.Add((target, read));
            }
        }

        var request = Request(Collection(inbox, key, windowSize, commands: commands));
        var response = await device.SendAsync("Sync", request);
        if (random.Next(4) == 0)
        {
            // The answer never reached the device: it sends the same request again.
            lost();
            response = await device.SendAsync("Sync", request);
        }

        // The device applies its own changes, then the answer.
        foreach (var (id, read) in mine)
        {
            if (read is { } r)
                local[id] = (local[id].Subject, r);
            else
                local.Remove(id);
        }

        if (response.Body.Length == 0)
            return key;
        var c = response.Collection(inbox);
        Assert.Equal("1", c.Status);
        foreach (var failed in c.Responses("Change"))
        {
            // 7: the server's version wins and comes as a Change (here or in a later window); 8: the item is gone and
            // its Delete follows. The device's local edit stands until then.
            Assert.Contains(failed.Value("AirSync:Status"), new[] { "7", "8" });
        }

        foreach (var failed in c.Responses("Delete"))
            Assert.Equal("8", failed.Value("AirSync:Status"));
        Apply(c, local);
        return c.SyncKey!;
    }

    private static void Apply(SyncCollection c, Dictionary<string, (string Subject, bool Read)> local)
    {
        foreach (var command in c.Element.Element("AirSync", "Commands")?.Children ?? [])
        {
            var id = command.Value("AirSync:ServerId")!;
            switch (command.Name)
            {
                case "Add":
                    Assert.True(local.TryAdd(id, (command.Find("Email:Subject")!.Text!, command.Find("Email:Read")!.Text == "1")), $"Add of {id}, which the device has");
                    break;
                case "Change":
                    Assert.True(local.ContainsKey(id), $"Change of {id}, which the device does not have");
                    local[id] = (local[id].Subject, command.Find("Email:Read")!.Text == "1");
                    break;
                case "Delete" or "SoftDelete":
                    Assert.True(local.Remove(id), $"{command.Name} of {id}, which the device does not have");
                    break;
            }
        }
    }
}
