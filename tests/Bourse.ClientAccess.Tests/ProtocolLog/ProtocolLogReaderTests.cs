using System.Text;
using System.Text.Json;
using Bourse.ClientAccess.ProtocolLog;
using Bourse.ClientAccess.Tests.Infrastructure;

namespace Bourse.ClientAccess.Tests.ProtocolLog;

public sealed class ProtocolLogReaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bourse-plog-" + Guid.NewGuid().ToString("N"));

    public ProtocolLogReaderTests() => System.IO.Directory.CreateDirectory(_directory);

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    private static string Json(string id, string? user, string? mailbox = null) =>
        JsonSerializer.Serialize(new ProtocolLogRecord
        {
            Timestamp = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero),
            RequestId = id,
            User = user,
            Mailbox = mailbox ?? user,
            Protocol = "Ews",
            Status = 200,
        }, ProtocolLogJsonContext.Default.ProtocolLogRecord) + "\n";

    private void Append(string file, string text) => File.AppendAllText(Path.Combine(_directory, file), text);

    private static async Task<List<string>> IdsAsync(ProtocolLogReader reader, ProtocolLogQuery query)
    {
        var ids = new List<string>();
        await foreach (var record in reader.ReadAsync(query))
        {
            ids.Add(record.RequestId!);
        }
        return ids;
    }

    [Fact]
    public async Task ReadsFilesInOrderAndFiltersByUser()
    {
        Append("protocol-20250602.jsonl", Json("3", "alice@bourse.test") + "not json\n" + Json("4", null));
        Append("protocol-20250601.jsonl", Json("1", "alice@bourse.test") + Json("2", "bob@bourse.test", "alice@bourse.test"));
        Append("protocol-20250602.1.jsonl", Json("5", "Alice@Bourse.Test") + Json("6", "bob@bourse.test"));
        Append("other.txt", Json("x", "alice@bourse.test"));
        var reader = new ProtocolLogReader(_directory);

        Assert.Equal(["1", "2", "3", "4", "5", "6"], await IdsAsync(reader, new ProtocolLogQuery()));
        // Bob acting on alice's mailbox belongs to alice's trace too.
        Assert.Equal(["1", "2", "3", "5"], await IdsAsync(reader, new ProtocolLogQuery { User = "alice@bourse.test" }));
        Assert.Equal(["1", "2", "3", "5"], await IdsAsync(reader, new ProtocolLogQuery { User = "alice" }));
        Assert.Equal(["2", "6"], await IdsAsync(reader, new ProtocolLogQuery { User = "bob" }));
        Assert.Equal(["3", "5"], await IdsAsync(reader, new ProtocolLogQuery { User = "alice", Tail = 2 }));
    }

    [Fact]
    public async Task FollowSeesNewLinesPartialLinesAndRollOvers()
    {
        Append("protocol-20250601.jsonl", Json("old", "alice@bourse.test"));
        var reader = new ProtocolLogReader(_directory, TimeSpan.FromMilliseconds(20));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        var enumerator = reader.ReadAsync(new ProtocolLogQuery { User = "alice", Follow = true }, cts.Token).GetAsyncEnumerator(cts.Token);

        async Task<string> NextAsync()
        {
            Assert.True(await enumerator.MoveNextAsync());
            return enumerator.Current.RequestId!;
        }

        Assert.Equal("old", await NextAsync());
        var next = NextAsync();
        var line = Json("new", "alice@bourse.test");
        // Half a line first: nothing may come out of it until the rest (and its newline) is written.
        Append("protocol-20250601.jsonl", Json("bob", "bob@bourse.test") + line[..10]);
        await Task.Delay(100);
        Assert.False(next.IsCompleted);
        Append("protocol-20250601.jsonl", line[10..]);
        Assert.Equal("new", await next);

        // The writer rolls over: the last lines of the old file, then the new day's file.
        Append("protocol-20250601.jsonl", Json("late", "alice@bourse.test"));
        Append("protocol-20250602.jsonl", Json("tomorrow", "alice@bourse.test"));
        Assert.Equal("late", await NextAsync());
        Assert.Equal("tomorrow", await NextAsync());
        Append("protocol-20250602.1.jsonl", Json("rolled", "alice@bourse.test"));
        Assert.Equal("rolled", await NextAsync());

        await cts.CancelAsync();
        Assert.False(await enumerator.MoveNextAsync());
        await enumerator.DisposeAsync();
    }

    [Fact]
    public void FormatGivesOneSafeLinePerRequest()
    {
        var line = ProtocolLogReader.Format(new ProtocolLogRecord
        {
            Timestamp = new DateTimeOffset(2025, 6, 1, 12, 0, 0, 123, TimeSpan.Zero),
            RequestId = "0HN:1",
            ClientIp = "192.0.2.7",
            TlsProtocol = "Tls13",
            Method = "POST",
            Path = "/EWS/Exchange.asmx\u001b[31m",
            Protocol = "Ews",
            Command = "FindItem",
            User = "alice@bourse.test",
            AuthMethod = "NTLM",
            Mailbox = "alice@bourse.test",
            Backend = "local",
            DurationMs = 12.34,
            HandlerMs = 10,
            StoreMs = 3.5,
            Status = 200,
            BytesIn = 512,
            BytesOut = 2048,
        });
        Assert.Equal(
            "2025-06-01 12:00:00.123Z 200 Ews FindItem alice@bourse.test NTLM local 12.3ms handler=10ms store=3.5ms 192.0.2.7 Tls13 " +
            "POST /EWS/Exchange.asmx?[31m in=512 out=2048 id=0HN:1",
            line);
        Assert.DoesNotContain('\u001b', line);
        Assert.DoesNotContain('\n', line);
    }
}
