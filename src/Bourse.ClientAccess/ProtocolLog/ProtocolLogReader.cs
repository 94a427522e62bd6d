using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// Reads the protocol log files back for <c>bourse trace [--user U] [--follow]</c>: filters by user, follows new lines
/// across file roll-overs, and formats one terminal line per request. Lines that are not valid JSON (a torn last line
/// after a crash) are skipped; a line still being written is read once it is complete.
/// </summary>
public sealed class ProtocolLogReader
{
    private readonly string _directory;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;

    /// <summary>A reader of the files in <paramref name="logDirectory"/> (the data directory's <c>logs</c> folder).</summary>
    /// <param name="logDirectory">The folder holding <c>protocol-YYYYMMDD.jsonl</c>.</param>
    /// <param name="pollInterval">How often a follow looks for new lines; 250 ms by default.</param>
    /// <param name="time">The clock used for waiting between polls.</param>
    public ProtocolLogReader(string logDirectory, TimeSpan? pollInterval = null, TimeProvider? time = null)
    {
        _directory = logDirectory;
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(250);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A reader of <c>{dataDirectory}/logs</c>, where the server writes by default.</summary>
    public static ProtocolLogReader ForDataDirectory(string dataDirectory) => new(Path.Combine(dataDirectory, "logs"));

    /// <summary>The matching requests in the order they were logged; with <see cref="ProtocolLogQuery.Follow"/> it never ends until cancelled.</summary>
    public async IAsyncEnumerable<ProtocolLogRecord> ReadAsync(ProtocolLogQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var tail = query.Tail is > 0 ? new Queue<ProtocolLogRecord>(query.Tail.Value) : null;
        var cursor = new ProtocolLogCursor();
        // What is there now.
        foreach (var record in ReadAvailable(cursor, query))
        {
            if (tail is null)
            {
                yield return record;
                continue;
            }
            if (tail.Count == query.Tail)
            {
                tail.Dequeue();
            }
            tail.Enqueue(record);
        }
        if (tail is not null)
        {
            while (tail.TryDequeue(out var record))
            {
                yield return record;
            }
        }
        if (!query.Follow)
        {
            yield break;
        }
        while (!ct.IsCancellationRequested)
        {
            var any = false;
            foreach (var record in ReadAvailable(cursor, query))
            {
                any = true;
                yield return record;
            }
            if (!any)
            {
                try
                {
                    await Task.Delay(_pollInterval, _time, ct);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>Whether a line belongs to <paramref name="user"/> (see <see cref="ProtocolLogQuery.User"/>).</summary>
    public static bool MatchesUser(ProtocolLogRecord record, string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return true;
        }
        return Same(record.User, user) || Same(record.Mailbox, user);

        static bool Same(string? value, string wanted)
        {
            if (value is null)
            {
                return false;
            }
            if (value.Equals(wanted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            var at = value.IndexOf('@');
            return !wanted.Contains('@') && at > 0 && value.AsSpan(0, at).Equals(wanted, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// One terminal line: time, status, protocol and command, user and method, back end, timings, client, TLS, request.
    /// Control characters are replaced so a logged value cannot drive the terminal.
    /// </summary>
    public static string Format(ProtocolLogRecord record)
    {
        var b = new StringBuilder(200);
        b.Append(record.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        b.Append(' ').Append(record.Status.ToString(CultureInfo.InvariantCulture));
        b.Append(' ').Append(Field(record.Protocol)).Append(' ').Append(Field(record.Command));
        b.Append(' ').Append(Field(record.User)).Append(' ').Append(Field(record.AuthMethod));
        if (record.Mailbox is not null && !record.Mailbox.Equals(record.User, StringComparison.OrdinalIgnoreCase))
        {
            b.Append(" mailbox=").Append(Field(record.Mailbox));
        }
        b.Append(' ').Append(Field(record.Backend));
        b.Append(' ').Append(Ms(record.DurationMs));
        if (record.HandlerMs is { } handler)
        {
            b.Append(" handler=").Append(Ms(handler));
        }
        if (record.StoreMs is { } store)
        {
            b.Append(" store=").Append(Ms(store));
        }
        b.Append(' ').Append(Field(record.ClientIp));
        b.Append(' ').Append(record.TlsProtocol is null ? "http" : Field(record.TlsProtocol));
        b.Append(' ').Append(Field(record.Method)).Append(' ').Append(Field(record.Path));
        if (record.Query is not null)
        {
            b.Append('?').Append(Field(record.Query));
        }
        b.Append(" in=").Append(record.BytesIn.ToString(CultureInfo.InvariantCulture));
        b.Append(" out=").Append(record.BytesOut.ToString(CultureInfo.InvariantCulture));
        b.Append(" id=").Append(Field(record.RequestId));
        return b.ToString();

        static string Field(string? value) => string.IsNullOrEmpty(value) ? "-" : ProtocolLogRedactor.Clean(value, 1024)!.Replace(' ', '_');

        static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture) + "ms";
    }

    private IEnumerable<ProtocolLogRecord> ReadAvailable(ProtocolLogCursor cursor, ProtocolLogQuery query)
    {
        var files = ProtocolLogFileNames.List(_directory);
        // Start at the file the cursor is in (or the first); a file that was deleted meanwhile is skipped.
        var index = cursor.Path is null ? 0 : files.FindIndex(f => string.Equals(f.Path, cursor.Path, StringComparison.Ordinal));
        if (index < 0)
        {
            index = cursor.Path is null ? 0 : files.FindIndex(f => (f.Day, f.Sequence).CompareTo((cursor.Day, cursor.Sequence)) > 0);
            if (index < 0)
            {
                yield break;
            }
            cursor.MoveTo(files[index]);
        }
        for (; index < files.Count; index++)
        {
            if (!string.Equals(cursor.Path, files[index].Path, StringComparison.Ordinal))
            {
                cursor.MoveTo(files[index]);
            }
            foreach (var line in ReadNewLines(cursor))
            {
                var record = Parse(line);
                if (record is not null && MatchesUser(record, query.User) && (query.Since is null || record.Timestamp >= query.Since))
                {
                    yield return record;
                }
            }
        }
    }

    private static IEnumerable<byte[]> ReadNewLines(ProtocolLogCursor cursor)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(cursor.Path!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            yield break;
        }
        using (stream)
        {
            if (stream.Length < cursor.Position)
            {
                // Truncated or replaced: start over.
                cursor.Position = 0;
            }
            stream.Position = cursor.Position;
            var chunk = new byte[64 * 1024];
            var pending = new MemoryStream();
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (chunk[i] != (byte)'\n')
                    {
                        continue;
                    }
                    pending.Write(chunk, start, i - start);
                    var consumed = pending.Length + 1;
                    var line = pending.ToArray();
                    pending.SetLength(0);
                    start = i + 1;
                    // The position moves past a line only once it is complete; an unfinished last line is read again later.
                    cursor.Position += consumed;
                    if (line.Length > 0)
                    {
                        yield return line;
                    }
                }
                pending.Write(chunk, start, read - start);
            }
        }
    }

    private static ProtocolLogRecord? Parse(byte[] line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, ProtocolLogJsonContext.Default.ProtocolLogRecord);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
