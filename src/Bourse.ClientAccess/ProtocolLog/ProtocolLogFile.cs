namespace Bourse.ClientAccess.ProtocolLog;

/// <summary>
/// The append-only JSON-lines files: one per UTC day (by the writer's clock, so files never go back in time), rolled to
/// a numbered file at the size cap, old files deleted by age and total size. Readers may open the files at any time
/// (shared read, delete allowed). Single-threaded: only the background writer calls it.
/// </summary>
internal sealed class ProtocolLogFile(string directory, ProtocolLogOptions options, TimeProvider time) : IDisposable
{
    private FileStream? _stream;
    // Kept here: FileStream.Length asks the kernel (fstat) on every call, and Append runs once per request.
    private long _length;
    private DateOnly _day;
    private int _sequence;

    public string Directory => directory;

    public void Append(ReadOnlySpan<byte> line)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (_stream is null || today != _day)
        {
            Open(today);
        }
        if (_length > 0 && _length + line.Length > options.MaxFileBytes)
        {
            Roll();
        }
        _stream!.Write(line);
        _length += line.Length;
    }

    public void Flush() => _stream?.Flush();

    public void Dispose()
    {
        _stream?.Flush();
        _stream?.Dispose();
        _stream = null;
    }

    private void Open(DateOnly day)
    {
        Dispose();
        if (!System.IO.Directory.Exists(directory))
        {
            // The lines hold user addresses and client IPs: owner and group only.
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                    UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            }
        }
        // Carry on in the day's last file after a restart.
        _day = day;
        _sequence = 0;
        foreach (var file in ProtocolLogFileNames.List(directory))
        {
            if (file.Day == day)
            {
                _sequence = Math.Max(_sequence, file.Sequence);
            }
        }
        OpenCurrent();
        Prune();
    }

    private void Roll()
    {
        Dispose();
        _sequence++;
        OpenCurrent();
        Prune();
    }

    private void OpenCurrent()
    {
        var path = Path.Combine(directory, ProtocolLogFileNames.For(_day, _sequence));
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }
        _stream = new FileStream(path, fileOptions);
        _length = _stream.Length;
    }

    private void Prune()
    {
        var files = ProtocolLogFileNames.List(directory);
        var current = Path.Combine(directory, ProtocolLogFileNames.For(_day, _sequence));
        if (options.RetainDays > 0)
        {
            // RetainDays counts today: 2 keeps today's and yesterday's files.
            var oldest = _day.AddDays(1 - options.RetainDays);
            foreach (var file in files.Where(f => f.Day < oldest).ToList())
            {
                TryDelete(file.Path);
                files.Remove(file);
            }
        }
        if (options.MaxTotalBytes > 0)
        {
            var total = files.Sum(f => SafeLength(f.Path));
            foreach (var file in files)
            {
                if (total <= options.MaxTotalBytes || string.Equals(file.Path, current, StringComparison.Ordinal))
                {
                    break;
                }
                total -= SafeLength(file.Path);
                TryDelete(file.Path);
            }
        }
    }

    private static long SafeLength(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
