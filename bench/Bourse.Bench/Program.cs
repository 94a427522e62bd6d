using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bourse.Core.Ids;
using Bourse.Core.Model;
using Bourse.Directory;
using Bourse.Directory.Sqlite;
using Bourse.Mailbox;
using Bourse.Storage;
using Bourse.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Spectre.Console;

// Store benchmarks for the foundation issue. Prints one table of figures; see docs/benchmarks.md.
//   dotnet run -c Release --project bench/Bourse.Bench -- [--messages 20000] [--folder-items 100000] [--million] [--data DIR]
//       [--only baseline|deliver|import|list|map|stages] [--warmup N (messages delivered/imported before the measured phase)]
//       [--simple-text (the 13-word body text of earlier runs instead of mail-like text)]
var opts = BenchOptions.Parse(args);
// The batch size of `bourse import` (MailImporter.BatchCount).
const int ImportBatch = 100;
var root = opts.DataDirectory ?? Path.Combine(Path.GetTempPath(), "bourse-bench-" + Environment.ProcessId);
Directory.CreateDirectory(root);
var results = new List<(string Name, string Figure, string Note)>();
AnsiConsole.MarkupLine($"[bold]Bourse store benchmark[/] — {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, data in {Markup.Escape(root)}");

try
{
    if (opts.Only is null || opts.Only == "baseline")
    {
    // 0. Baseline: raw SQLite (WAL, synchronous=FULL) inserting 10 kB rows, one row per transaction, one writer.
    results.Add(("baseline: raw SQLite fsynced 10 kB row per tx", Rate(await Baseline.RawInsertsAsync(Path.Combine(root, "baseline"), 3000, 1)), "1 writer"));
    results.Add(("baseline: raw SQLite 20 rows per tx", Rate(await Baseline.RawInsertsAsync(Path.Combine(root, "baseline20"), 20000, 20)), "1 writer"));
    }

    // 1. Durable delivery from 20 concurrent callers, MIME parsing and indexing included.
    if (opts.Only is null || opts.Only == "deliver")
    {
        await using var env = await BenchEnvironment.CreateAsync(Path.Combine(root, "deliver"), users: 20);
        if (opts.Warmup > 0)
        {
            // Steady state of a running server: the JIT has compiled the delivery path before the measured phase.
            await env.DeliverConcurrentlyAsync(opts.Warmup, callers: 20);
            env.ResetStatistics();
        }
        var cpu = CpuClock.Start();
        var io = IoCounter.Start();
        var runtime = RuntimeCounter.Start();
        var wall = Stopwatch.StartNew();
        var rate = await env.DeliverConcurrentlyAsync(opts.Messages, callers: 20);
        results.Add(("durable delivery, 10 kB, 20 callers" + (opts.Warmup > 0 ? $", after {opts.Warmup:N0} warm-up" : ""), Rate(rate),
            $"goal ≥ 3,000 msgs/s; {cpu.MicrosecondsPer(opts.Messages):N0} µs CPU/msg; {io.KilobytesPer(opts.Messages)}; {env.Utilisation(wall.Elapsed)}; {runtime.Per(opts.Messages)}"));
    }

    // 2. Batched import (the `bourse import` path): map MIME, CreateItemsAsync in batches of MailImporter.BatchCount (100):
    // small batches, two in the store at a time, keep what is in flight younger than a garbage collection.
    if (opts.Only is null || opts.Only == "import")
    {
        await using var env = await BenchEnvironment.CreateAsync(Path.Combine(root, "import"), users: 1);
        if (opts.Warmup > 0)
        {
            await env.ImportAsync(env.Users[0], opts.Warmup, batch: ImportBatch);
            env.ResetStatistics();
        }
        var cpu = CpuClock.Start();
        var io = IoCounter.Start();
        var runtime = RuntimeCounter.Start();
        var wall = Stopwatch.StartNew();
        var rate = await env.ImportAsync(env.Users[0], opts.Messages, batch: ImportBatch);
        var warm = opts.Warmup > 0 ? $", after {opts.Warmup:N0} warm-up" : "";
        // Imported = durable, which is when `bourse import` returns; the full-text index catches up asynchronously (as
        // Exchange's content indexing does), so the rate until a search sees everything is given beside it.
        results.Add(($"batched import, 10 kB, batches of {ImportBatch}{warm}: every message durable", Rate(env.LastDurableRate),
            "goal ≥ 5,000 msgs/s (what `bourse import` waits for)"));
        results.Add(($"… and the full-text index caught up", Rate(rate),
            $"{cpu.MicrosecondsPer(opts.Messages):N0} µs CPU/msg; {io.KilobytesPer(opts.Messages)}; {env.Utilisation(wall.Elapsed)}; {runtime.Per(opts.Messages)}"));
    }

    // 3./4./5. A folder of N items: first page, changes since N, full-text search.
    // MIME mapping alone, for profiling (perf record … --only map).
    if (opts.Only == "map")
    {
        var corpus = Enumerable.Range(0, 64).Select(i => BenchEnvironment.SampleMessage(i, 10 * 1024)).ToArray();
        for (var i = 0; i < Math.Min(opts.Messages, 2000); i++)
            MimeItemMapper.Map(corpus[i % corpus.Length]);
        var cpu = CpuClock.Start();
        var allocated = GC.GetTotalAllocatedBytes();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < opts.Messages; i++)
            MimeItemMapper.Map(corpus[i % corpus.Length]);
        results.Add(("MimeItemMapper.Map, 10 kB text/plain", Rate(opts.Messages / sw.Elapsed.TotalSeconds),
            $"{cpu.MicrosecondsPer(opts.Messages):N0} µs CPU/msg, {(GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / opts.Messages:F0} kB allocated/msg"));
    }

    // Attribution of the import cost: mapping alone, then storing pre-mapped items (with and without body text).
    if (opts.Only == "stages")
    {
        await using var env = await BenchEnvironment.CreateAsync(Path.Combine(root, "stages"), users: 4);
        foreach (var (name, rate) in await env.StagesAsync(opts.Messages))
            results.Add((name, Rate(rate), "attribution"));
    }

    foreach (var n in opts.Only is null || opts.Only == "list" ? opts.FolderSizes : [])
    {
        await using var env = await BenchEnvironment.CreateAsync(Path.Combine(root, "list" + n), users: 1);
        var user = env.Users[0];
        var fill = Stopwatch.StartNew();
        await env.ImportAsync(user, n, batch: 1000, smallBodies: true);
        AnsiConsole.MarkupLine($"  filled {n:N0} items in {fill.Elapsed.TotalSeconds:F1} s");
        var inbox = (await env.Store.GetWellKnownFolderAsync(user, WellKnownFolder.Inbox))!;
        var page = await Measure(300, async () => (await env.Store.ListItemsAsync(user, inbox.Id, new ItemQuery { Limit = 50 })).Items.Count);
        results.Add(($"first page (50, by received desc) of {n:N0}-item folder", Ms(page), "goal < 5 ms median"));
        // Sorts without an index of their own read the folder and sort it (docs/design.md); what that costs at this size.
        foreach (var sort in (ItemSortField[])[ItemSortField.Subject, ItemSortField.Importance])
        {
            var sorted = await Measure(20, async () => (await env.Store.ListItemsAsync(user, inbox.Id, new ItemQuery { Limit = 50, SortBy = sort })).Items.Count);
            results.Add(($"first page (50, by {sort}) of {n:N0}-item folder", Ms(sorted), "sorted at query time"));
        }

        var info = (await env.Store.GetMailboxAsync(user))!;
        var since = info.LastChangeNumber - 100;
        var changes = await Measure(300, async () => (await env.Store.GetChangesAsync(user, new ChangeQuery(since) { MaxChanges = 100 })).Changes.Count);
        results.Add(($"changes since N → 100 of {info.LastChangeNumber:N0} changes", Ms(changes), "goal < 5 ms median"));

        var changesFolder = await Measure(300, async () => (await env.Store.GetChangesAsync(user, new ChangeQuery(since) { Folder = inbox.Id, MaxChanges = 100 })).Changes.Count);
        results.Add(($"changes since N in one folder → 100 of {n:N0}", Ms(changesFolder), ""));

        var words = new[] { "invoice", "meeting", "quarterly", "holiday", "budget" };
        var i = 0;
        var fts = await Measure(200, async () => (await env.Store.SearchAsync(user, new SearchQuery(words[i++ % words.Length]) { Limit = 50 })).Items.Count);
        results.Add(($"full-text query, first 50 hits, {n:N0} items", Ms(fts), ""));
    }
}
finally
{
    if (opts.DataDirectory is null)
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}

var table = new Table().AddColumns("benchmark", "result", "note");
foreach (var (name, figure, note) in results)
    table.AddRow(Markup.Escape(name), Markup.Escape(figure), Markup.Escape(note));
AnsiConsole.Write(table);
return 0;

static string Rate(double perSecond) => $"{perSecond:N0}/s";

static string Ms((double Median, double P95) t) => $"median {t.Median:F2} ms, p95 {t.P95:F2} ms";

static async Task<(double Median, double P95)> Measure(int runs, Func<Task<int>> body)
{
    for (var i = 0; i < 20; i++)
        await body();
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var sw = Stopwatch.StartNew();
        var n = await body();
        times[i] = sw.Elapsed.TotalMilliseconds;
        if (n == 0)
            throw new InvalidOperationException("benchmark query returned nothing");
    }
    Array.Sort(times);
    return (times[runs / 2], times[(int)(runs * 0.95)]);
}

/// <summary>Process CPU time (all threads) over a phase: steadier than wall-clock rates when the machine is shared.</summary>
internal readonly struct CpuClock
{
    private readonly TimeSpan _start;

    private CpuClock(TimeSpan start) => _start = start;

    public static CpuClock Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

    public double MicrosecondsPer(int count) => (Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMicroseconds / count;
}

/// <summary>
/// What the runtime itself took over a phase: garbage-collection pauses (every managed thread stopped) and JIT compile time
/// (including the background thread that recompiles hot methods), per message.
/// </summary>
internal readonly struct RuntimeCounter
{
    private readonly TimeSpan _pause;
    private readonly TimeSpan _jit;
    private readonly int _collections;

    private RuntimeCounter(TimeSpan pause, TimeSpan jit, int collections) => (_pause, _jit, _collections) = (pause, jit, collections);

    public static RuntimeCounter Start() => new(GC.GetTotalPauseDuration(), System.Runtime.JitInfo.GetCompilationTime(), GC.CollectionCount(0));

    public string Per(int count) =>
        $"GC {GC.CollectionCount(0) - _collections} collections, paused {(GC.GetTotalPauseDuration() - _pause).TotalMicroseconds / count:N0} µs/msg; " +
        $"JIT {(System.Runtime.JitInfo.GetCompilationTime() - _jit).TotalMicroseconds / count:N0} µs/msg";
}

/// <summary>
/// Bytes the process handed to write(2)/pwrite(2) over a phase (/proc/self/io wchar: WAL frames, checkpoint copies, blob
/// files), and bytes allocated on the managed heap.
/// </summary>
internal readonly struct IoCounter
{
    private readonly long _start;

    private IoCounter(long start) => _start = start;

    public static IoCounter Start() => new(Read());

    private readonly long _allocated = GC.GetTotalAllocatedBytes();

    public string KilobytesPer(int count) => (_start < 0 ? "written n/a" : $"{(Read() - _start) / 1024.0 / count:F1} kB written/msg") +
        $", {(GC.GetTotalAllocatedBytes() - _allocated) / 1024.0 / count:F0} kB allocated/msg";

    private static long Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("wchar:", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return -1;
    }
}

internal sealed record BenchOptions(int Messages, int[] FolderSizes, string? DataDirectory, string? Only, int Warmup = 0)
{
    public static BenchOptions Parse(string[] args)
    {
        var messages = 20_000;
        var sizes = new List<int> { 100_000 };
        string? data = null;
        string? only = null;
        var warmup = 0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--messages": messages = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--folder-items": sizes = [int.Parse(args[++i], CultureInfo.InvariantCulture)]; break;
                case "--million": sizes.Add(1_000_000); break;
                case "--data": data = args[++i]; break;
                case "--only": only = args[++i]; break;
                case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--simple-text": BenchEnvironment.SimpleText = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        return new BenchOptions(messages, [.. sizes], data, only, warmup);
    }
}

internal static class Baseline
{
    public static async Task<double> RawInsertsAsync(string dir, int rows, int perTransaction)
    {
        Directory.CreateDirectory(dir);
        var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "raw.db"), Pooling = false }.ToString();
        await using var c = new SqliteConnection(cs);
        await c.OpenAsync();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB);";
            await cmd.ExecuteNonQueryAsync();
        }
        var body = new byte[10 * 1024];
        Random.Shared.NextBytes(body);
        var sw = Stopwatch.StartNew();
        for (var done = 0; done < rows;)
        {
            await using var tx = c.BeginTransaction();
            for (var j = 0; j < perTransaction && done < rows; j++, done++)
            {
                await using var cmd = c.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO t(body) VALUES ($b)";
                cmd.Parameters.AddWithValue("$b", body);
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        return rows / sw.Elapsed.TotalSeconds;
    }
}

internal sealed class BenchEnvironment : IAsyncDisposable
{
    private BenchEnvironment(SqliteMailStore store, SqliteDirectory directory, MailDelivery delivery, List<MailboxId> users, List<string> addresses)
    {
        Store = store;
        Directory = directory;
        Delivery = delivery;
        Users = users;
        Addresses = addresses;
    }

    public SqliteMailStore Store { get; }
    public SqliteDirectory Directory { get; }
    public MailDelivery Delivery { get; }
    public List<MailboxId> Users { get; }
    public List<string> Addresses { get; }

    public static async Task<BenchEnvironment> CreateAsync(string dir, int users)
    {
        System.IO.Directory.CreateDirectory(dir);
        var store = await SqliteMailStore.OpenAsync(new SqliteMailStoreOptions { DataDirectory = dir });
        var directory = await SqliteDirectory.OpenAsync(new SqliteDirectoryOptions { DataDirectory = dir, PasswordHashIterations = 1000 });
        var ops = new MailboxOperations(store, directory, TimeProvider.System);
        var ids = new List<MailboxId>();
        var addresses = new List<string>();
        for (var i = 0; i < users; i++)
        {
            var address = $"user{i}@bench.example";
            var u = (await directory.CreateUserAsync(new NewDirectoryUser(address))).Value;
            await ops.EnsureMailboxAsync(u);
            ids.Add(u.MailboxId);
            addresses.Add(address);
        }
        var delivery = new MailDelivery(store, directory, TimeProvider.System, new MailDeliveryOptions());
        return new BenchEnvironment(store, directory, delivery, ids, addresses);
    }

    public async Task<double> DeliverConcurrentlyAsync(int messages, int callers)
    {
        var corpus = Enumerable.Range(0, 64).Select(i => SampleMessage(i, 10 * 1024)).ToArray();
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages)
            {
                var r = await Delivery.DeliverAsync(Addresses[i % Addresses.Count], corpus[i % corpus.Length]);
                if (!r.IsDelivered)
                    throw new InvalidOperationException("delivery failed: " + r.Status);
            }
        }));
        // Indexing included: a search waits until the full-text index has caught up with every delivery.
        await Store.SearchAsync(Users[0], new SearchQuery("quarterly") { Limit = 1 });
        return messages / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The last import's rate up to the moment every item was durable, before the index caught up.</summary>
    public double LastDurableRate { get; private set; }

    public async Task<double> ImportAsync(MailboxId user, int messages, int batch, bool smallBodies = false)
    {
        var inbox = (await Store.GetWellKnownFolderAsync(user, WellKnownFolder.Inbox))!;
        var corpus = Enumerable.Range(0, 64).Select(i => SampleMessage(i, smallBodies ? 1024 : 10 * 1024)).ToArray();
        var sw = Stopwatch.StartNew();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // As `bourse import` does (MailImporter.FlushAsync): the next batch is mapped in parallel on the cores the store's
        // writer and indexer leave free, while the store writes this one.
        List<NewItem> MapBatch(int from)
        {
            var count = Math.Max(0, Math.Min(messages, from + batch) - from);
            var items = new NewItem[count];
            Parallel.For(0, count, k =>
            {
                var j = from + k;
                var item = MimeItemMapper.Map(corpus[j % corpus.Length]);
                item.Properties.Set(Bourse.Core.Properties.PropTags.MessageDeliveryTime, start.AddMinutes(j));
                items[k] = item;
            });
            return [.. items];
        }
        // The store takes the next batch while it still writes this one (CreateItemsAsync keeps their order).
        static void Check(IReadOnlyList<Bourse.Core.Errors.StoreResult<ItemId>> results)
        {
            if (results.Any(r => !r.IsSuccess))
                throw new InvalidOperationException("import failed: " + results.First(r => !r.IsSuccess));
        }
        var next = Task.Run(() => MapBatch(0));
        Task<IReadOnlyList<Bourse.Core.Errors.StoreResult<ItemId>>>? writing = null;
        for (var done = 0; done < messages; done += batch)
        {
            var items = await next;
            next = done + batch < messages ? Task.Run(() => MapBatch(done + batch)) : Task.FromResult(new List<NewItem>());
            var write = Store.CreateItemsAsync(user, inbox.Id, items).AsTask();
            if (writing is not null)
                Check(await writing);
            writing = write;
        }
        if (writing is not null)
            Check(await writing);
        // Every item is durable here (what `bourse import` waits for); the full-text index catches up asynchronously.
        LastDurableRate = messages / sw.Elapsed.TotalSeconds;
        // Indexing included: a search waits until the full-text index has caught up with the import.
        await Store.SearchAsync(user, new SearchQuery("quarterly") { Limit = 1 });
        return messages / sw.Elapsed.TotalSeconds;
    }

    private SqliteStoreStatistics? _statisticsBase;

    /// <summary>Counts writer and indexer figures from now on (after a warm-up).</summary>
    public void ResetStatistics() => _statisticsBase = Store.Statistics;

    public string Utilisation(TimeSpan wall)
    {
        var s = Store.Statistics;
        if (_statisticsBase is { } b)
            s = new SqliteStoreStatistics(s.WriterBusy - b.WriterBusy, s.Commits - b.Commits, s.Operations - b.Operations, s.IndexerBusy - b.IndexerBusy,
                s.IndexEntriesApplied - b.IndexEntriesApplied) { WriterCpu = s.WriterCpu - b.WriterCpu, IndexerCpu = s.IndexerCpu - b.IndexerCpu };
        var ops = Math.Max(1, s.Operations);
        return $"writer busy {s.WriterBusy / wall:P0}, {s.WriterCpu.TotalMicroseconds / ops:N0} µs CPU/op, {s.Operations / (double)Math.Max(1, s.Commits):F1} ops/commit; " +
            $"indexer busy {s.IndexerBusy / wall:P0}, {s.IndexerCpu.TotalMicroseconds / Math.Max(1, s.IndexEntriesApplied):N0} µs CPU/entry";
    }

    public async Task<List<(string, double)>> StagesAsync(int messages)
    {
        var corpus = Enumerable.Range(0, 64).Select(i => SampleMessage(i, 10 * 1024)).ToArray();
        var list = new List<(string, double)>();
        async Task<double> Rate(Func<Task> body, int n)
        {
            var t = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
                await body();
            return n / t.Elapsed.TotalSeconds;
        }
        list.Add(("IDirectory.ResolveAsync", await Rate(async () => await Directory.ResolveAsync(Addresses[0]), 5000)));
        list.Add(("IMailStore.GetMailboxAsync", await Rate(async () => await Store.GetMailboxAsync(Users[0]), 5000)));
        list.Add(("IMailStore.GetWellKnownFolderAsync", await Rate(async () => await Store.GetWellKnownFolderAsync(Users[0], WellKnownFolder.Inbox), 5000)));
        var sw = Stopwatch.StartNew();
        var mapped = new List<NewItem>(messages);
        for (var i = 0; i < messages; i++)
            mapped.Add(MimeItemMapper.Map(corpus[i % corpus.Length]));
        list.Add(("MimeItemMapper.Map alone, 10 kB", messages / sw.Elapsed.TotalSeconds));

        async Task<double> StoreAll(MailboxId user, IReadOnlyList<NewItem> items)
        {
            var inbox = (await Store.GetWellKnownFolderAsync(user, WellKnownFolder.Inbox))!;
            var t = Stopwatch.StartNew();
            for (var i = 0; i < items.Count; i += 500)
                await Store.CreateItemsAsync(user, inbox.Id, items.Skip(i).Take(500).ToList());
            return items.Count / t.Elapsed.TotalSeconds;
        }
        list.Add(("CreateItemsAsync of pre-mapped items", await StoreAll(Users[0], mapped)));
        var noBody = mapped.Select(m =>
        {
            var bag = m.Properties.Clone();
            bag.Remove(Bourse.Core.Properties.PropTags.Body);
            bag.Remove(Bourse.Core.Properties.PropTags.TransportMessageHeaders);
            return new NewItem(bag) { Mime = m.Mime, SearchText = "" };
        }).ToList();
        list.Add(("… without body/headers in the bag and FTS", await StoreAll(Users[1], noBody)));
        var noFts = mapped.Select(m => new NewItem(m.Properties.Clone()) { Mime = m.Mime, SearchText = "" }).ToList();
        var users = Users;
        list.Add(("… with body in the bag but not indexed", await StoreAll(users.Count > 3 ? users[3] : users[0], noFts)));
        var noMime = mapped.Select(m => new NewItem(m.Properties.Clone()) { SearchText = m.SearchText }).ToList();
        list.Add(("… without the MIME blob", await StoreAll(Users[2], noMime)));
        return list;
    }

    private static readonly string[] Topics = ["Quarterly budget review", "Team meeting notes", "Invoice 2024-117", "Holiday rota", "Re: project plan", "Lunch on Friday?"];

    /// <summary>The 13-word text the figures before 2026-11-27 08:30 were measured with (`--simple-text`).</summary>
    public static bool SimpleText { get; set; }

    private static readonly string[] SimpleWords = "the quarterly budget meeting invoice holiday plan review numbers agreed please confirm attached".Split(' ');

    /// <summary>
    /// Words as mail text uses them: a 20,000-word vocabulary drawn with Zipf's law (the word of rank r with probability
    /// proportional to 1/r), which gives a 10 kB body ~740 distinct words of ~1,400. The full-text index's cost depends on
    /// the vocabulary: a 13-word text made indexing look five times cheaper than it is.
    /// </summary>
    private static class MailWords
    {
        private static readonly string[] Words = Enumerable.Range(0, 20_000).Select(k =>
        {
            var r = new Random(k * 7919 + 1);
            return new string(Enumerable.Range(0, 3 + r.Next(8)).Select(_ => (char)('a' + r.Next(26))).ToArray());
        }).ToArray();

        private static readonly double[] Cumulative = Cumulate();

        private static double[] Cumulate()
        {
            var c = new double[Words.Length];
            double sum = 0;
            for (var r = 0; r < c.Length; r++)
                c[r] = sum += 1.0 / (r + 1);
            return c;
        }

        public static string Next(Random rng)
        {
            var at = Array.BinarySearch(Cumulative, rng.NextDouble() * Cumulative[^1]);
            return Words[Math.Min(at < 0 ? ~at : at, Words.Length - 1)];
        }
    }

    public static byte[] SampleMessage(int i, int size)
    {
        var sb = new StringBuilder();
        sb.Append("From: \"Sender ").Append(i).Append("\" <sender").Append(i).Append("@partner.example>\r\n");
        sb.Append("To: someone@bench.example\r\n");
        sb.Append("Subject: ").Append(Topics[i % Topics.Length]).Append(' ').Append(i).Append("\r\n");
        sb.Append("Date: ").Append(DateTimeOffset.UtcNow.AddMinutes(-i).ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        sb.Append("Message-ID: <bench-").Append(i).Append("@partner.example>\r\n");
        sb.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        var rng = new Random(i);
        while (sb.Length < size)
            sb.Append(SimpleText ? SimpleWords[rng.Next(SimpleWords.Length)] : MailWords.Next(rng)).Append(sb.Length % 72 < 8 ? "\r\n" : " ");
        sb.Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Directory.DisposeAsync();
    }
}
