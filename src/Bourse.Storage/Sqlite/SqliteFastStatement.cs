using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Bourse.Storage.Sqlite;

/// <summary>
/// A statement prepared once on a session's connection and run with numbered parameters (<c>?1</c>, <c>?2</c> …) straight
/// through SQLite's API, without the parameter, binder and reader objects Microsoft.Data.Sqlite creates per execution. For
/// the handful of statements every delivery runs on the writer (about a tenth of its CPU went to those objects). Used by
/// one thread at a time, like its session; a failure throws <see cref="SqliteException"/> as Microsoft.Data.Sqlite does.
/// </summary>
internal sealed class SqliteFastStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public SqliteFastStatement(sqlite3 db, string sql)
    {
        _db = db;
        Check(raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt));
    }

    public SqliteFastStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_stmt, index, value));
        return this;
    }

    public SqliteFastStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : Null(index);

    public SqliteFastStatement Bind(int index, string? value)
    {
        if (value is null)
            return Null(index);
        Check(raw.sqlite3_bind_text(_stmt, index, value));
        return this;
    }

    public SqliteFastStatement Bind(int index, byte[]? value)
    {
        if (value is null)
            return Null(index);
        // An empty span may arrive as a null pointer, which SQLite binds as NULL: an empty blob is bound as such.
        Check(value.Length == 0 ? raw.sqlite3_bind_zeroblob(_stmt, index, 0) : raw.sqlite3_bind_blob(_stmt, index, value));
        return this;
    }

    /// <summary>Binds UTF-8 text (SQLite copies it: the span need not outlive the call).</summary>
    public SqliteFastStatement BindText(int index, ReadOnlySpan<byte> utf8)
    {
        Check(raw.sqlite3_bind_text(_stmt, index, utf8));
        return this;
    }

    private SqliteFastStatement Null(int index)
    {
        Check(raw.sqlite3_bind_null(_stmt, index));
        return this;
    }

    /// <summary>Runs the statement to its end (every change is made by then).</summary>
    public void Run()
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW)
            {
            }
            if (rc != raw.SQLITE_DONE)
                Throw(rc);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>
    /// Steps to the first row; false when there is none. The caller reads its columns and then calls <see cref="Reset"/>.
    /// SQLite makes every change of an INSERT/UPDATE … RETURNING in this first step.
    /// </summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW)
            return true;
        if (rc != raw.SQLITE_DONE)
        {
            Reset();
            Throw(rc);
        }
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public byte[] Blob(int column) => raw.sqlite3_column_blob(_stmt, column).ToArray();

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    /// <summary>
    /// The bytes of a blob or text column (UTF-8 for text) as SQLite holds them, without a copy: valid until the statement
    /// steps again or is reset.
    /// </summary>
    public ReadOnlySpan<byte> Span(int column) => raw.sqlite3_column_blob(_stmt, column);

    /// <summary>The first column of the first row, the statement then reset (an INSERT … RETURNING id).</summary>
    public long ScalarInt64()
    {
        try
        {
            if (!Step())
                throw new InvalidOperationException("The statement returned no row.");
            return Int64(0);
        }
        finally
        {
            Reset();
        }
    }

    public void Reset()
    {
        raw.sqlite3_reset(_stmt);
        raw.sqlite3_clear_bindings(_stmt);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            Throw(rc);
    }

    private void Throw(int rc) =>
        throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));

    public void Dispose() => _stmt.Dispose();
}
