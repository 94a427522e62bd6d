using System.Globalization;
using System.Text;
using Bourse.ActiveSync.Codec;
using Bourse.ActiveSync.Protocol;
using Bourse.ActiveSync.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bourse.ActiveSync.Tests.Fuzz;

/// <summary>
/// Fuzzes the whole ActiveSync endpoint over HTTPS, command by command: every command the server lists in
/// MS-ASProtocolCommands gets a corpus of valid requests (sent unmutated first: each must succeed), then every prefix of
/// the first one's bytes and a fixed-seed series of byte and tree mutations, a share of them as 12.1 (where an escaped
/// exception is a bare 500) and with mutated command parameters on the request line. Every answer must be a protocol
/// answer (<see cref="ResponseOracle"/>); after each round alice's mailbox changed only as the command may change it and
/// bob's not at all; at the end the server still serves a valid FolderSync and Sync. Commands without a handler must
/// answer 501. BOURSE_FUZZ_MUTATIONS raises the number of mutations per command for a longer run.
/// </summary>
public sealed class EndpointFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int RoundSize = 30;
    private const int Prefixes = 40;

    private static readonly int Mutations =
        int.TryParse(Environment.GetEnvironmentVariable("BOURSE_FUZZ_MUTATIONS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 150;

    private readonly FuzzHost host = new();

    public Task InitializeAsync() => host.InitializeAsync();

    public Task DisposeAsync() => host.DisposeAsync();

    public static TheoryData<string> Commands => new(EasCommands.All.Select(EasCommands.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task MutatedRequestsGetProtocolAnswersAndLeaveTheServerHealthy(string command)
    {
        using var run = new FuzzRun(host, command, host.Server.CreateHttpClient());
        var seeds = await FuzzCorpus.BuildAsync(host, command, 0);
        Assert.NotEmpty(seeds);

        if (!host.Implemented.Contains(command))
        {
            // MS-ASHTTP 3.2.5.1: a command the server does not implement is answered 501, whatever the body.
            foreach (var seed in seeds)
            {
                var (response, finding) = await run.SendAndCheckAsync(seed.Request);
                Assert.True(finding is null && response.Status == 501, $"{seed.Name}: {finding?.Detail ?? response.ToString()}");
            }

            output.WriteLine($"{command}: no handler; its corpus of {seeds.Count} requests is answered 501");
            return;
        }

        // The corpus is valid: each request, unmutated, is answered as a real client expects.
        foreach (var seed in seeds)
        {
            var (response, finding) = await run.SendAndCheckAsync(seed.Request);
            Assert.True(finding is null, $"{seed.Name}: {finding?.Kind} {finding?.Detail}\n{seed.Request.Describe()}");
            var problem = seed.Expect(response);
            Assert.True(problem is null, $"the corpus request {seed.Name} is not answered as valid: {problem}\n{seed.Request.Describe()}");
        }

        var rng = new Random(StableSeed(command));

        // Every prefix of the first request's first bytes (Kestrel and Npgsql's habit: a truncated input never crashes).
        var first = seeds.FirstOrDefault(s => s.Request.Body.Length > 0) ?? seeds[0];
        for (var cut = 0; cut < Math.Min(Prefixes, first.Request.Body.Length); cut++)
            await run.SendAsync(first.Request.WithBody(first.Request.Body[..cut]), $"{first.Name} cut at {cut}");

        var rounds = Math.Max(1, (Mutations + RoundSize - 1) / RoundSize);
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0)
                seeds = await FuzzCorpus.BuildAsync(host, command, round);
            var alice = await host.SnapshotAsync(host.Alice);
            var bob = await host.SnapshotAsync(host.Bob);
            for (var i = 0; i < RoundSize; i++)
            {
                var seed = seeds[rng.Next(seeds.Count)];
                var (request, how) = Mutate(rng, seed);
                await run.SendAsync(request, how);
            }

            CheckMailboxes(run, alice, await host.SnapshotAsync(host.Alice), bob, await host.SnapshotAsync(host.Bob), round);
        }

        // A last round sent six at a time from the same device: held Pings and Syncs superseded mid-flight, state written by
        // concurrent requests (MS-ASCMD 2.2.1.13: a new Ping ends the device's previous one).
        {
            seeds = await FuzzCorpus.BuildAsync(host, command, rounds);
            var alice = await host.SnapshotAsync(host.Alice);
            var bob = await host.SnapshotAsync(host.Bob);
            var batch = Enumerable.Range(0, RoundSize).Select(_ => Mutate(rng, seeds[rng.Next(seeds.Count)])).ToList();
            foreach (var six in batch.Chunk(6))
                await Task.WhenAll(six.Select(m => run.SendAsync(m.Request, m.How + ", concurrent")));
            CheckMailboxes(run, alice, await host.SnapshotAsync(host.Alice), bob, await host.SnapshotAsync(host.Bob), rounds);
        }

        await CheckHealthAsync(run);
        run.CheckSamplesWithLibWbxml();
        output.WriteLine($"{command}: {run.Sent} requests, {seeds.Count} corpus requests, {run.SampleCount} distinct WBXML answers sampled, " +
                         $"server log {(host.LogAttached ? "observed" : "not observed")}, {run.Findings.Count} findings\n  answers: {run.Outcomes}");
        Assert.True(run.Findings.Count == 0, string.Join("\n", run.Findings));
    }

    /// One mutation of a corpus request: body bytes or tree, sometimes as 12.1, sometimes a command parameter of the request line.
    private (FuzzRequest Request, string How) Mutate(Random rng, FuzzSeed seed)
    {
        var request = seed.Request;
        var how = seed.Name;
        var parameters = CommandParameters(request.Query);
        if (parameters.Count > 0 && rng.Next(4) == 0)
        {
            // MS-ASHTTP 2.2.1.1.1.2.5: AttachmentName, CollectionId, ItemId, LongId, SaveInSent …
            var name = parameters[rng.Next(parameters.Count)];
            var value = rng.Next(3) == 0 ? WbxmlMutator.Value(rng) : host.ForeignIds[rng.Next(host.ForeignIds.Count)];
            var query = string.Join('&', request.Query.Split('&').Select(p => p.StartsWith(name + "=", StringComparison.Ordinal)
                ? $"{name}={Uri.EscapeDataString(value.Length > 2000 ? value[..2000] : value)}"
                : p));
            return (request with { Query = query }, $"{how}, {name}={Shorten(value)}");
        }

        var mutation = WbxmlMutator.Mutate(rng, request.Body, seed.Tree, host.ForeignIds);
        how += ", " + mutation.Strategy;
        // Sometimes a second tree mutation on top of the first, while the body still decodes.
        if (rng.Next(4) == 0 && WbxmlDecoder.Decode(mutation.Body).Root is { } once)
        {
            var strategy = WbxmlMutator.TreeStrategies[rng.Next(WbxmlMutator.TreeStrategies.Length)];
            mutation = new WbxmlMutator.Mutation(WbxmlMutator.MutateTree(rng, once, strategy, host.ForeignIds), strategy);
            how += " + " + strategy;
        }

        request = request.WithBody(mutation.Body);
        // MS-ASHTTP 2.2.2.1.1: a 12.1 client gets HTTP codes where later versions get a Status — an escaped exception is a 500.
        // Other versions reach the version gates of the handlers and the mapping.
        var version = rng.Next(14) switch
        {
            0 or 1 => "12.1",
            2 => "14.0",
            3 or 4 => "16.1",
            _ => null,
        };
        if (version is not null)
        {
            request = request.WithHeader("MS-ASProtocolVersion", version);
            how += ", as " + version;
        }

        return (request, how);
    }

    /// <summary>
    /// Alice's mailbox may change only as the command may change it; bob's not at all (his items, folders, protocol state
    /// and device partnerships).
    /// </summary>
    private static void CheckMailboxes(FuzzRun run, MailboxSnapshot aliceBefore, MailboxSnapshot aliceAfter, MailboxSnapshot bobBefore,
        MailboxSnapshot bobAfter, int round)
    {
        if (bobBefore.Diff(bobAfter) is { Count: > 0 } bob)
            run.Record($"round {round} touched bob's mailbox: {string.Join("; ", bob)}");

        var foldersSame = aliceBefore.Folders.SequenceEqual(aliceAfter.Folders);
        var wellKnownSame = aliceBefore.WellKnownFolders.SequenceEqual(aliceAfter.WellKnownFolders);
        var itemIds = aliceBefore.Items.Select(i => i.Id).ToHashSet();
        var afterIds = aliceAfter.Items.Select(i => i.Id).ToHashSet();
        var wellKnownIds = aliceBefore.WellKnownFolders.Select(f => f.Id).ToHashSet();
        string? problem = run.Effect switch
        {
            MailboxEffect.None when !foldersSame || !aliceBefore.Items.SequenceEqual(aliceAfter.Items) =>
                "items or folders changed: " + string.Join("; ", aliceBefore.Diff(aliceAfter)),
            MailboxEffect.Items when !foldersSame => "folders changed: " + string.Join("; ", aliceBefore.Diff(aliceAfter)),
            MailboxEffect.Moves when !foldersSame || !itemIds.SetEquals(afterIds) => "items appeared or disappeared, or folders changed: " +
                                                                                      string.Join("; ", aliceBefore.Diff(aliceAfter)),
            MailboxEffect.Compose when !foldersSame || !itemIds.IsSubsetOf(afterIds) => "items disappeared or folders changed: " +
                                                                                        string.Join("; ", aliceBefore.Diff(aliceAfter)),
            MailboxEffect.Hierarchy when !wellKnownSame || !aliceBefore.Items.Where(i => wellKnownIds.Contains(i.Folder))
                .SequenceEqual(aliceAfter.Items.Where(i => wellKnownIds.Contains(i.Folder))) =>
                "a well-known folder or its items changed: " + string.Join("; ", aliceBefore.Diff(aliceAfter)),
            MailboxEffect.WellKnownFoldersStay when !wellKnownSame => "a well-known folder changed: " + string.Join("; ", aliceBefore.Diff(aliceAfter)),
            _ => null,
        };
        if (problem is not null)
            run.Record($"round {round}: alice's mailbox changed beyond what the command may do: {problem}");
    }

    /// <summary>
    /// After the run the server still answers OPTIONS, a valid FolderSync from 0, an initial Sync of the Inbox and a whole Sync
    /// of Contacts. (Not a whole Sync of the Inbox: the compose runs deliver what their mutations made of the message, and how
    /// hostile stored mail renders is the business of its own tests, not of a request fuzzer.)
    /// </summary>
    private async Task CheckHealthAsync(FuzzRun run)
    {
        using var probe = host.Server.CreateHttpClient();
        var options = await FuzzResponse.SendAsync(probe, new FuzzRequest("OPTIONS", "", [], [], null, "OPTIONS"), FuzzRun.Timeout);
        if (options.Status != 200)
            run.Record($"OPTIONS after the run: {options}");

        var device = await host.DeviceAsync("FzHealth");
        var folders = await device.FolderSyncAsync();
        if (folders.TopStatus != "1" || !folders.Root!.FindAll("FolderHierarchy:Add").Any(a => a.Value("FolderHierarchy:ServerId") == host.Inbox &&
                                                                                         a.Value("FolderHierarchy:Type") == "2"))
            run.Record($"FolderSync after the run: {folders}");
        var initial = await device.SendAsync("Sync", FuzzHost.SyncRequest(host.Inbox, "0"));
        if (initial.Root?.Find("AirSync:Collection")?.Value("AirSync:Status") != "1")
            run.Record($"initial Sync of the Inbox after the run: {initial}");
        var key = "0";
        for (var i = 0; i < 20; i++)
        {
            var r = await device.SendAsync("Sync", FuzzHost.SyncRequest(host.Contacts, key, Wb.E("AirSync:WindowSize", "100")));
            if (r.Status != System.Net.HttpStatusCode.OK || (r.Root is not null && r.Root.Find("AirSync:Collection")?.Value("AirSync:Status") != "1"))
            {
                run.Record($"Sync of Contacts after the run: {r}");
                break;
            }

            if (r.Root is null || (key != "0" && r.Root.Find("AirSync:MoreAvailable") is null))
                break;
            key = r.Root.Find("AirSync:SyncKey")!.Text!;
        }
    }

    private static List<string> CommandParameters(string query) =>
        query.Split('&').Select(p => p.Split('=')[0])
            .Where(p => p is "AttachmentName" or "CollectionId" or "ItemId" or "LongId" or "Occurrence" or "SaveInSent").ToList();

    /// FNV-1a of the command name: string.GetHashCode is randomised per process.
    internal static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + $"…({value.Length})" : value;
}
