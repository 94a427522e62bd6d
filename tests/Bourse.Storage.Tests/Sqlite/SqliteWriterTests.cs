using Bourse.Storage.Sqlite;

namespace Bourse.Storage.Tests.Sqlite;

public sealed class SqliteWriterTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_dir);

    [Fact]
    public async Task OneBadOperationInABatchDoesNotAffectTheOthers()
    {
        using var session = SqliteSession.Open(Path.Combine(_dir, "w.db"), TimeSpan.FromSeconds(5), writer: true);
        session.Execute("CREATE TABLE t(x INTEGER)");
        var committedBatches = new List<int>();
        await using var writer = new SqliteWriter(session, TimeProvider.System, 64, effects => committedBatches.Add(effects.Count));
        using var gate = new ManualResetEventSlim();
        // Hold the writer so that the next operations queue up and run as one batch.
        var blocker = writer.EnqueueAsync(_ => gate.Wait(TimeSpan.FromSeconds(10)), null, CancellationToken.None);
        await Task.Delay(50);

        static int Insert(WriteContext ctx, int x) => ctx.Session.Command("INSERT INTO t(x) VALUES($x)").With("$x", x).ExecuteNonQuery();
        var ok1 = writer.EnqueueAsync(ctx => Insert(ctx, 1), null, CancellationToken.None);
        var throws = writer.EnqueueAsync<int>(ctx => { Insert(ctx, 2); throw new InvalidOperationException("boom"); }, null, CancellationToken.None);
        var dirtyFailure = writer.EnqueueAsync(ctx => Insert(ctx, 3) * -1, r => r < 0, CancellationToken.None);
        var cleanFailure = writer.EnqueueAsync(_ => -1, r => r < 0, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = writer.EnqueueAsync(ctx => Insert(ctx, 5), null, cts.Token);
        await cts.CancelAsync();
        var ok2 = writer.EnqueueAsync(ctx => Insert(ctx, 4), null, CancellationToken.None);
        gate.Set();

        Assert.True(await blocker);
        Assert.Equal(1, await ok1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => throws);
        Assert.Equal(-1, await dirtyFailure);
        Assert.Equal(-1, await cleanFailure);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, await ok2);
        var rows = new List<long>();
        using (var r = session.Command("SELECT x FROM t ORDER BY x").ExecuteReader())
        {
            while (r.Read())
                rows.Add(r.GetInt64(0));
        }
        Assert.Equal([1L, 4L], rows);
    }
}
