using Bourse.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Bourse.Storage.Tests.Sqlite;

/// <summary>The writer's direct statements bind and fail as Microsoft.Data.Sqlite commands do.</summary>
public sealed class SqliteFastStatementTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create();
    private readonly SqliteSession _session;

    public SqliteFastStatementTests()
    {
        _session = SqliteSession.Open(Path.Combine(_dir, "t.db"), TimeSpan.FromSeconds(5), writer: true);
        _session.Execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT NOT NULL, b BLOB, n INTEGER)");
    }

    public void Dispose()
    {
        _session.Dispose();
        TempDirectory.Delete(_dir);
    }

    [Fact]
    public void EmptyValuesStayEmptyAndNullsStayNull()
    {
        var insert = _session.Fast("INSERT INTO t(s, b, n) VALUES(?1, ?2, ?3) RETURNING id");
        var a = insert.Bind(1, "").Bind(2, Array.Empty<byte>()).Bind(3, (long?)null).ScalarInt64();
        var b = insert.Bind(1, "zoë").Bind(2, (byte[]?)null).Bind(3, 42L).ScalarInt64();
        Assert.Equal(a + 1, b);
        using var r = _session.Command("SELECT s, typeof(b), length(b), n FROM t ORDER BY id").ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("", r.GetString(0));
        Assert.Equal("blob", r.GetString(1));
        Assert.Equal(0L, r.GetInt64(2));
        Assert.True(r.IsDBNull(3));
        Assert.True(r.Read());
        Assert.Equal("zoë", r.GetString(0));
        Assert.Equal("null", r.GetString(1));
        Assert.Equal(42L, r.GetInt64(3));
    }

    [Fact]
    public void AFailureThrowsSqliteExceptionAndTheStatementRunsAgainAfterwards()
    {
        var insert = _session.Fast("INSERT INTO t(s, n) VALUES(?1, ?2)");
        var e = Assert.Throws<SqliteException>(() => insert.Bind(1, (string?)null).Bind(2, 1L).Run());
        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT: s is NOT NULL
        insert.Bind(1, "fine").Bind(2, 2L).Run();
        Assert.Equal(1L, _session.Command("SELECT count(*) FROM t").ScalarInt64());
        Assert.Same(insert, _session.Fast("INSERT INTO t(s, n) VALUES(?1, ?2)"));
    }
}
