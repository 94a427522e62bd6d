using Microsoft.Data.Sqlite;

namespace Bourse.Directory.Sqlite;

internal static class SqliteCommandExtensions
{
    /// <summary>SQLITE_CONSTRAINT: a UNIQUE or CHECK constraint refused the write.</summary>
    public const int SqliteConstraint = 19;

    public static SqliteCommand Sql(this SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    public static async Task<long?> ScalarInt64Async(this SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.Sql(sql, tx, parameters);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = connection.Sql(sql, tx, parameters);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
