using System.Diagnostics;
using System.Text;
using Bourse.Core.Model;
using Bourse.Directory;
using Bourse.Directory.Devices;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Storage.Sqlite;

namespace Bourse.Bench.Ping;

/// <summary>
/// The data directory the server runs on, prepared directly through the store and directory (as <c>bourse mailbox new</c>
/// would, minus a process per user): users with a cheap password hash, their mailboxes, and for each device a partnership
/// that already acknowledged the policy (what a completed MS-ASPROV Provision leaves behind). Kept open afterwards: the
/// bench delivers through it from this process, which the server sees as another process's commits, like the CLI's.
/// </summary>
internal sealed class BenchData : IAsyncDisposable
{
    private const string DevicesFile = "bench-devices.txt";

    private BenchData(string root, SqliteDirectory directory, SqliteMailStore store, IReadOnlyList<BenchDevice> devices)
    {
        Root = root;
        Directory = directory;
        Store = store;
        Devices = devices;
        Delivery = new MailDelivery(store, directory, TimeProvider.System);
    }

    public string Root { get; }

    public SqliteDirectory Directory { get; }

    public SqliteMailStore Store { get; }

    public MailDelivery Delivery { get; }

    public IReadOnlyList<BenchDevice> Devices { get; }

    public string DevicesPath => Path.Combine(Root, DevicesFile);

    public static async Task<BenchData> OpenAsync(string root, PingBenchOptions options, Action<string> progress)
    {
        System.IO.Directory.CreateDirectory(root);
        var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = root, PasswordHashIterations = options.HashIterations });
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = root });
        var path = Path.Combine(root, DevicesFile);
        if (File.Exists(path))
        {
            var kept = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).Select(BenchDevice.FromLine).ToList();
            if (kept.Count >= options.Devices)
            {
                progress($"reusing {kept.Count:N0} prepared devices in {root}");
                return new BenchData(root, directory, store, kept.Take(options.Devices).ToList());
            }
        }

        await directory.AddAcceptedDomainAsync(BenchDevice.Domain);
        var operations = new MailboxOperations(store, directory, TimeProvider.System);
        IDeviceDirectory partnerships = directory;
        var users = (options.Devices + options.DevicesPerUser - 1) / options.DevicesPerUser;
        var devices = new BenchDevice[options.Devices];
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, users), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (u, ct) =>
        {
            var name = BenchDevice.UserName(u);
            var user = await directory.FindUserByAddressAsync($"{name}@{BenchDevice.Domain}", ct);
            if (user is null)
            {
                var created = await directory.CreateUserAsync(new NewDirectoryUser($"{name}@{BenchDevice.Domain}") { Password = BenchDevice.Password }, ct);
                user = created.IsSuccess ? created.Value : throw new InvalidOperationException($"{name}: {created}");
            }

            var mailbox = await operations.EnsureMailboxAsync(user, ct);
            if (!mailbox.IsSuccess)
                throw new InvalidOperationException($"{name}: {mailbox}");
            var inbox = (await store.GetWellKnownFolderAsync(user.MailboxId, WellKnownFolder.Inbox, ct))!.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var d = u * options.DevicesPerUser; d < Math.Min(options.Devices, (u + 1) * options.DevicesPerUser); d++)
            {
                var deviceId = BenchDevice.DeviceName(d);
                var policyKey = (uint)Random.Shared.Next(1, int.MaxValue);
                await partnerships.RecordContactAsync(user.MailboxId,
                    new DeviceContact(deviceId, BenchDevice.DeviceType, BenchDevice.UserAgent, BenchDevice.ProtocolVersion), DeviceAccessState.Allowed, ct);
                var policy = await partnerships.SetDevicePolicyAsync(user.MailboxId, deviceId, policyKey, acknowledged: true, ct);
                if (!policy.IsSuccess)
                    throw new InvalidOperationException($"{deviceId}: {policy}");
                devices[d] = new BenchDevice(d, name, deviceId, policyKey, inbox);
            }

            if (Interlocked.Increment(ref done) % 1000 == 0)
                progress($"prepared {done:N0}/{users:N0} users ({clock.Elapsed.TotalSeconds:0} s)");
        });
        var text = new StringBuilder();
        foreach (var d in devices)
            text.Append(d.ToLine()).Append('\n');
        await File.WriteAllTextAsync(path, text.ToString());
        progress($"prepared {users:N0} users with {devices.Length:N0} provisioned devices in {clock.Elapsed.TotalSeconds:0} s");
        return new BenchData(root, directory, store, devices);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Directory.DisposeAsync();
    }
}
