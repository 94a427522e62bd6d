namespace Bourse.Storage.Sqlite;

/// <summary>
/// Large blobs as files under <c>store/blobs/xx/</c>. A file is written and fsynced (file and directory) before the
/// transaction that references it commits; files no transaction references are orphans, removed at open.
/// </summary>
internal sealed class BlobFileStore
{
    private readonly string _root;

    public BlobFileStore(string root)
    {
        _root = root;
        Directory.CreateDirectory(root);
    }

    /// <summary>Writes a new blob file durably; returns its path relative to the blob root.</summary>
    public async Task<string> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var name = Guid.NewGuid().ToString("N");
        var sub = name[..2];
        var dir = Path.Combine(_root, sub);
        if (!Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
            PosixFileSync.SyncDirectory(_root);
        }
        var relative = sub + "/" + name + ".blob";
        var full = Path.Combine(dir, name + ".blob");
        try
        {
            await using (var fs = new FileStream(full, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
                PreallocationSize = data.Length,
            }))
            {
                await fs.WriteAsync(data, ct).ConfigureAwait(false);
                fs.Flush(flushToDisk: true);
            }
            PosixFileSync.SyncDirectory(dir);
        }
        catch
        {
            Delete(relative);
            throw;
        }
        return relative;
    }

    public Stream? OpenRead(string relative)
    {
        try
        {
            // FileShare.Delete: a concurrent delete of the item must not fail on platforms that lock open files.
            return new FileStream(FullPath(relative), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Up to <paramref name="length"/> bytes of a blob file from <paramref name="offset"/>; null when the file is gone.</summary>
    public byte[]? ReadRange(string relative, long offset, int length)
    {
        using var fs = OpenRead(relative);
        if (fs is null)
            return null;
        var available = (int)Math.Clamp(fs.Length - offset, 0, length);
        var buffer = new byte[available];
        fs.Position = offset;
        fs.ReadAtLeast(buffer, available, throwOnEndOfStream: false);
        return buffer;
    }

    public void Delete(string relative)
    {
        try
        {
            File.Delete(FullPath(relative));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind as an orphan; removed at the next open.
        }
    }

    /// <summary>Deletes files older than <paramref name="minAge"/> that <paramref name="isReferenced"/> does not know.</summary>
    public int CleanOrphans(Func<string, bool> isReferenced, TimeSpan minAge, DateTime nowUtc)
    {
        var removed = 0;
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            foreach (var file in Directory.EnumerateFiles(dir, "*.blob"))
            {
                var relative = Path.GetFileName(dir) + "/" + Path.GetFileName(file);
                if (nowUtc - File.GetLastWriteTimeUtc(file) < minAge || isReferenced(relative))
                    continue;
                Delete(relative);
                removed++;
            }
        }
        return removed;
    }

    private string FullPath(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relative));
        if (!full.StartsWith(Path.GetFullPath(_root), StringComparison.Ordinal))
            throw new InvalidOperationException("Blob path escapes the blob directory.");
        return full;
    }
}
